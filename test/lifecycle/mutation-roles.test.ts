// The role matrix for the lifecycle's mutations: every mutation × every demo role, a division the
// complaint was not disposed to, a service client per key scope, and an anonymous caller. Each runs
// against a complaint in a status where the action is legal, so only the caller decides the outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveInput } from '../complaints/fixtures.js';
import type { Auth as AnyAuth } from '../support/app.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { complaintIn, divisionIds, gid, loginStaff, OPS, resultInput, step, uuidOf, type Op, type Start, type Staff } from './steps.js';

type Caller =
  | 'coordinator'
  | 'admin'
  | 'liaison'
  | 'head'
  | 'olahraga'
  | 'pariwisata'
  | 'auditor'
  | 'keyStatus'
  | 'keyComplaints'
  | 'keyForward'
  | 'anonymous';
const CALLERS: Caller[] = [
  'coordinator',
  'admin',
  'liaison',
  'head',
  'olahraga',
  'pariwisata',
  'auditor',
  'keyStatus',
  'keyComplaints',
  'keyForward',
  'anonymous',
];

let t: TestApp;
let staff: Staff;
let div: Record<string, string>;
let agencyId: string;
const auth = {} as Record<Caller, AnyAuth>;

beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  div = await divisionIds(t);
  agencyId = gid('Agency', (await t.db.prisma.agency.findUniqueOrThrow({ where: { code: 'DISPORBUDPAR' } })).id);
  Object.assign(auth, staff, { anonymous: undefined });
  for (const [who, scope] of [
    ['keyStatus', 'READ_STATUS'],
    ['keyComplaints', 'READ_COMPLAINTS'],
    ['keyForward', 'FORWARD_COMPLAINTS'],
  ] as const) {
    const r = await t.gql(
      `mutation($s: [ApiKeyScope!]!) { createApiKey(name: "portal", scopes: $s) { ... on CreatedApiKey { key } } }`,
      { s: [scope] },
      staff.admin,
    );
    auth[who] = { apiKey: r.data.createApiKey.key };
  }
});
afterAll(() => t?.close());

/** OK, a typed error's code, or `top:` and the top-level error's code. */
async function outcome(query: string, vars: Record<string, unknown>, who: Caller): Promise<string> {
  const r = await t.gql(query, vars, auth[who]);
  if (r.errors?.length) return `top:${r.errors[0].extensions?.code ?? r.errors[0].message}`;
  const payload = Object.values(r.data ?? {})[0] as { __typename: string; code?: string };
  return payload.__typename === 'Complaint' ? 'OK' : (payload.code ?? payload.__typename);
}

/** Refusals by the schema's authScopes (non-step operations): top-level errors, data null. */
const DENIED_TOP_LEVEL = {
  coordinator: 'FORBIDDEN',
  admin: 'FORBIDDEN',
  liaison: 'FORBIDDEN',
  head: 'FORBIDDEN',
  olahraga: 'FORBIDDEN',
  pariwisata: 'FORBIDDEN',
  auditor: 'FORBIDDEN',
  keyStatus: 'FORBIDDEN',
  keyComplaints: 'FORBIDDEN',
  keyForward: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
} as const satisfies Record<Caller, string>;

/**
 * Refusals of a step (issue 18): staff with another role get the typed ForbiddenError in the step's
 * union; callers who are no staff at all (keys, anonymous) still get the top-level error.
 */
const DENIED = {
  coordinator: 'FORBIDDEN',
  admin: 'FORBIDDEN',
  liaison: 'FORBIDDEN',
  head: 'FORBIDDEN',
  olahraga: 'FORBIDDEN',
  pariwisata: 'FORBIDDEN',
  auditor: 'FORBIDDEN',
  keyStatus: 'top:FORBIDDEN',
  keyComplaints: 'top:FORBIDDEN',
  keyForward: 'top:FORBIDDEN',
  anonymous: 'top:UNAUTHENTICATED',
} as const satisfies Record<Caller, string>;

const ROWS: { op: Op; from: Start; paused?: boolean; args: () => Record<string, unknown>; allowed: Partial<Record<Caller, string>> }[] = [
  { op: 'register', from: 'RECEIVED', args: () => ({}), allowed: { admin: 'OK' } },
  {
    op: 'dispose',
    from: 'REGISTERED',
    args: () => ({ input: { divisionIds: [div.OLAHRAGA], instructions: ['TINDAK_LANJUTI'], note: 'x' } }),
    allowed: { head: 'OK' },
  },
  { op: 'formulate', from: 'DISPOSED', args: () => ({ divisionId: div.OLAHRAGA, plan: 'x' }), allowed: { liaison: 'OK' } },
  // A division the complaint was not disposed to does not see it at all.
  {
    op: 'result',
    from: 'IN_FOLLOW_UP',
    args: () => ({ input: resultInput('OLAHRAGA') }),
    allowed: { pariwisata: 'NOT_FOUND', olahraga: 'OK' },
  },
  { op: 'compile', from: 'FOLLOW_UP_COMPLETED', args: () => ({}), allowed: { liaison: 'OK' } },
  { op: 'deliver', from: 'REPORT_COMPILED', args: () => ({ input: { postedAt: t.clock.now().toISOString() } }), allowed: { admin: 'OK' } },
  { op: 'feedback', from: 'RESPONSE_DELIVERED', args: () => ({ satisfied: true }), allowed: { admin: 'OK' } },
  { op: 'return', from: 'RECEIVED', args: () => ({ reason: 'x' }), allowed: { admin: 'OK' } },
  { op: 'dispatch', from: 'RETURNED', args: () => ({ agencyId }), allowed: { coordinator: 'OK' } },
  { op: 'archive', from: 'REGISTERED', args: () => ({ reason: 'x' }), allowed: { admin: 'OK' } },
  { op: 'restore', from: 'ARCHIVED', args: () => ({ note: 'x' }), allowed: { head: 'OK' } },
  // Tunda by the admin or the liaison: the first one pauses, the second finds it paused already.
  {
    op: 'pause',
    from: 'DISPOSED',
    args: () => ({ reason: 'AWAITING_REPORTER', note: 'x' }),
    allowed: { admin: 'OK', liaison: 'ILLEGAL_TRANSITION' },
  },
  { op: 'resume', from: 'DISPOSED', paused: true, args: () => ({}), allowed: { admin: 'OK', liaison: 'ILLEGAL_TRANSITION' } },
  { op: 'extend', from: 'IN_FOLLOW_UP', args: () => ({ workingDays: 3, reason: 'x' }), allowed: { head: 'OK' } },
  { op: 'reclassify', from: 'REGISTERED', args: () => ({ hasOversight: true, reason: 'x' }), allowed: { head: 'OK' } },
];

describe('lifecycle mutations × callers', () => {
  it.each(ROWS)('$op: only the role the SOP assigns', async ({ op, from, paused, args, allowed }) => {
    const c = await complaintIn(t, staff, from);
    if (paused) await step(t, 'pause', { id: c.id, v: c.version, reason: 'AWAITING_THIRD_PARTY', note: 'x' }, staff.liaison);
    const history = () => t.db.prisma.complaintHistory.count({ where: { complaintId: uuidOf(c.id) } });
    const before = await history();
    // Refusals first (they must change nothing), then the permitted caller.
    const order = [...CALLERS.filter((w) => !allowed[w]), ...CALLERS.filter((w) => allowed[w])];
    const actual: Record<string, string> = {};
    for (const who of order) {
      const version = (await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } })).version;
      actual[who] = await outcome(OPS[op], { id: c.id, v: version, ...args() }, who);
    }
    expect(actual).toEqual({ ...DENIED, ...allowed });
    // Only the permitted caller's action was recorded.
    expect(await history()).toBe(before + 1);
  });

  it('receiveComplaint: the agency admin, the coordinator and a FORWARD_COMPLAINTS key', async () => {
    // Only __typename: a service client may forward a report but not read a Complaint's fields.
    const receive = `mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { __typename ... on Error { code } } }`;
    const before = await t.db.prisma.complaint.count();
    const actual: Record<string, string> = {};
    for (const who of CALLERS) actual[who] = await outcome(receive, { input: receiveInput({ agencyId }) }, who);
    expect(actual).toEqual({ ...DENIED, admin: 'OK', coordinator: 'OK', keyForward: 'OK' });
    expect(await t.db.prisma.complaint.count()).toBe(before + 3);
  });

  it('pauseComplaint by the liaison alone, resumeComplaint by the liaison alone', async () => {
    const c = await complaintIn(t, staff, 'RECEIVED');
    const p = await outcome(OPS.pause, { id: c.id, v: c.version, reason: 'AWAITING_REPORTER', note: 'x' }, 'liaison');
    expect(p).toBe('OK');
    const v = (await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } })).version;
    expect(await outcome(OPS.resume, { id: c.id, v }, 'liaison')).toBe('OK');
  });

  // Clock policy: the coordinator edits the regency defaults, an agency admin its own overrides.
  const POLICY = {
    setClockPolicy: `mutation { setClockPolicy(entries: [{ complaintClass: INFORMASI, followUpWorkingDays: 5 }]) { __typename ... on Error { code } } }`,
    applyClockPolicyPreset: `mutation { applyClockPolicyPreset(preset: SOP) { __typename ... on Error { code } } }`,
  };
  it.each(Object.entries(POLICY))('%s: the coordinator and an agency admin', async (_name, mutation) => {
    const before = await t.db.prisma.adminEvent.count({ where: { entity: 'ClockPolicy' } });
    const actual: Record<string, string> = {};
    for (const who of CALLERS) {
      const r = await t.gql(mutation, {}, auth[who]);
      actual[who] = r.errors?.length ? r.errors[0].extensions?.code : (Object.values(r.data)[0] as { __typename: string }).__typename;
    }
    expect(actual).toEqual({ ...DENIED_TOP_LEVEL, admin: 'ClockPolicyChange', coordinator: 'ClockPolicyChange' });
    expect(await t.db.prisma.adminEvent.count({ where: { entity: 'ClockPolicy' } })).toBe(before + 2);
  });
});
