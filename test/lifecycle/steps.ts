// The SOP's steps as HTTP calls by the demo users, for the lifecycle tests: each helper asserts the
// step succeeded and returns the complaint's new id/version/status/round.
import { expect } from 'vitest';
import { receive, REGISTER } from '../complaints/fixtures.js';
import type { TestApp } from '../support/app.js';

export type Auth = { token: string };
export interface Snapshot {
  id: string;
  status: string;
  version: number;
  round: number;
  registerNumber?: string | null;
}

export const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const RESULT = `__typename
  ... on Complaint { id status version round registerNumber }
  ... on InvalidInputError { issues { field message } }
  ... on IllegalTransitionError { currentStatus action allowedActions }
  ... on ConflictError { expectedVersion currentVersion }
  ... on NotFoundError { entity requestedId }
  ... on ForbiddenError { action allowedRoles yourRole sopStep }
  ... on Error { code message }`;

/** Each mutation with its GraphQL field name. */
export const OPS = {
  dispose: `mutation($id: ID!, $v: Int!, $input: DisposeComplaintInput!) { disposeComplaint(id: $id, expectedVersion: $v, input: $input) { ${RESULT} } }`,
  formulate: `mutation($id: ID!, $v: Int!, $divisionId: ID!, $plan: String!) { formulateFollowUp(id: $id, expectedVersion: $v, divisionId: $divisionId, plan: $plan) { ${RESULT} } }`,
  result: `mutation($id: ID!, $v: Int!, $input: RecordFollowUpResultInput!) { recordFollowUpResult(id: $id, expectedVersion: $v, input: $input) { ${RESULT} } }`,
  compile: `mutation($id: ID!, $v: Int!, $text: String) { compileFollowUpReport(id: $id, expectedVersion: $v, text: $text) { ${RESULT} } }`,
  deliver: `mutation($id: ID!, $v: Int!, $input: DeliverResponseInput!) { deliverResponse(id: $id, expectedVersion: $v, input: $input) { ${RESULT} } }`,
  feedback: `mutation($id: ID!, $v: Int!, $satisfied: Boolean!, $comment: String) { recordComplainantFeedback(id: $id, expectedVersion: $v, satisfied: $satisfied, comment: $comment) { ${RESULT} } }`,
  return: `mutation($id: ID!, $v: Int!, $reason: String!) { returnComplaint(id: $id, expectedVersion: $v, reason: $reason) { ${RESULT} } }`,
  dispatch: `mutation($id: ID!, $v: Int!, $agencyId: ID!, $note: String) { dispatchComplaint(id: $id, expectedVersion: $v, agencyId: $agencyId, note: $note) { ${RESULT} } }`,
  archive: `mutation($id: ID!, $v: Int!, $reason: String!) { archiveComplaint(id: $id, expectedVersion: $v, reason: $reason) { ${RESULT} } }`,
  restore: `mutation($id: ID!, $v: Int!, $note: String!) { restoreComplaint(id: $id, expectedVersion: $v, note: $note) { ${RESULT} } }`,
  pause: `mutation($id: ID!, $v: Int!, $reason: PauseReason!, $note: String!) { pauseComplaint(id: $id, expectedVersion: $v, reason: $reason, note: $note) { ${RESULT} } }`,
  resume: `mutation($id: ID!, $v: Int!) { resumeComplaint(id: $id, expectedVersion: $v) { ${RESULT} } }`,
  extend: `mutation($id: ID!, $v: Int!, $workingDays: Int!, $reason: String!) { extendFollowUpDeadline(id: $id, expectedVersion: $v, workingDays: $workingDays, reason: $reason) { ${RESULT} } }`,
  reclassify: `mutation($id: ID!, $v: Int!, $hasOversight: Boolean!, $reason: String!) { reclassifyComplaint(id: $id, expectedVersion: $v, hasOversight: $hasOversight, reason: $reason) { ${RESULT} } }`,
  register: REGISTER,
} as const;
export type Op = keyof typeof OPS;

const FIELD: Record<Op, string> = {
  dispose: 'disposeComplaint',
  formulate: 'formulateFollowUp',
  result: 'recordFollowUpResult',
  compile: 'compileFollowUpReport',
  deliver: 'deliverResponse',
  feedback: 'recordComplainantFeedback',
  return: 'returnComplaint',
  dispatch: 'dispatchComplaint',
  archive: 'archiveComplaint',
  restore: 'restoreComplaint',
  register: 'registerComplaint',
  pause: 'pauseComplaint',
  resume: 'resumeComplaint',
  extend: 'extendFollowUpDeadline',
  reclassify: 'reclassifyComplaint',
};

/** Runs a mutation; returns its payload (a Complaint or a typed error) and any top-level errors. */
export async function call(t: TestApp, op: Op, vars: Record<string, unknown>, auth: Auth) {
  const r = await t.gql(OPS[op], vars, auth);
  return { payload: r.data?.[FIELD[op]] as any, errors: r.errors, code: r.errors?.[0]?.extensions?.code as string | undefined };
}

/** Runs a mutation that must succeed. */
export async function step(t: TestApp, op: Op, vars: Record<string, unknown>, auth: Auth): Promise<Snapshot> {
  const { payload, errors } = await call(t, op, vars, auth);
  if (payload?.__typename !== 'Complaint') throw new Error(`${op} failed: ${JSON.stringify(payload ?? errors)}`);
  return payload;
}

export interface Staff {
  admin: Auth;
  head: Auth;
  liaison: Auth;
  coordinator: Auth;
  auditor: Auth;
  olahraga: Auth;
  kebudayaan: Auth;
  pariwisata: Auth;
}

export async function loginStaff(t: TestApp): Promise<Staff> {
  const as = async (email: string): Promise<Auth> => ({ token: await t.login(email) });
  const [admin, head, liaison, coordinator, auditor, olahraga, kebudayaan, pariwisata] = await Promise.all([
    as('admin@disporbudpar.demo'),
    as('kepala@disporbudpar.demo'),
    as('penghubung@disporbudpar.demo'),
    as('koordinator@lapor.demo'),
    as('auditor@disporbudpar.demo'),
    as('olahraga@disporbudpar.demo'),
    as('kebudayaan@disporbudpar.demo'),
    as('pariwisata@disporbudpar.demo'),
  ]);
  return { admin, head, liaison, coordinator, auditor, olahraga, kebudayaan, pariwisata };
}

/** Global IDs of the demo agency's divisions by code. */
export async function divisionIds(t: TestApp): Promise<Record<string, string>> {
  const rows = await t.db.prisma.division.findMany({ where: { agency: { code: 'DISPORBUDPAR' } } });
  return Object.fromEntries(rows.map((d) => [d.code, gid('Division', d.id)]));
}

export const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

export const resultInput = (division: string, overrides: Record<string, unknown> = {}) => ({
  facts: `Fakta ${division}: lampu padam karena kabel putus.`,
  actionTaken: `Tindakan ${division}: kabel diganti oleh teknisi.`,
  solution: `Solusi ${division}: pemeriksaan rutin tiap bulan.`,
  evidence: [{ name: 'foto.jpg', mediaType: 'image/jpeg', size: 12_345, url: 'https://files.example/foto.jpg' }],
  ...overrides,
});

const ORDER = [
  'RECEIVED',
  'REGISTERED',
  'DISPOSED',
  'IN_FOLLOW_UP',
  'FOLLOW_UP_COMPLETED',
  'REPORT_COMPILED',
  'RESPONSE_DELIVERED',
] as const;
export type RestingStatus = (typeof ORDER)[number];

/**
 * A new complaint walked to `status` by the roles the SOP assigns, disposed to OLAHRAGA (and
 * KEBUDAYAAN when `twoDivisions`).
 */
export async function complaintAt(
  t: TestApp,
  staff: Staff,
  status: RestingStatus,
  opts: { twoDivisions?: boolean } = {},
): Promise<Snapshot> {
  const divisions = await divisionIds(t);
  const target = ORDER.indexOf(status);
  const disposed = opts.twoDivisions ? ['OLAHRAGA', 'KEBUDAYAAN'] : ['OLAHRAGA'];
  const tokens: Record<string, Auth> = { OLAHRAGA: staff.olahraga, KEBUDAYAAN: staff.kebudayaan };
  let c: Snapshot = { ...(await receive(t, staff.admin)), round: 1 };
  const at = (s: RestingStatus) => ORDER.indexOf(s) <= target;
  if (at('REGISTERED')) c = await step(t, 'register', { id: c.id, v: c.version }, staff.admin);
  if (at('DISPOSED')) {
    const input = { divisionIds: disposed.map((d) => divisions[d]), instructions: ['TINDAK_LANJUTI'], note: 'Segera tindak lanjuti.' };
    c = await step(t, 'dispose', { id: c.id, v: c.version, input }, staff.head);
  }
  if (at('IN_FOLLOW_UP')) {
    for (const d of disposed)
      c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: divisions[d], plan: `Rencana ${d}` }, staff.liaison);
  }
  if (at('FOLLOW_UP_COMPLETED')) {
    for (const d of disposed) c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput(d) }, tokens[d]!);
  }
  if (at('REPORT_COMPILED')) c = await step(t, 'compile', { id: c.id, v: c.version }, staff.liaison);
  if (at('RESPONSE_DELIVERED')) {
    c = await step(t, 'deliver', { id: c.id, v: c.version, input: { postedAt: t.clock.now().toISOString() } }, staff.admin);
  }
  expect(c.status).toBe(status);
  return c;
}

export type Start = RestingStatus | 'RETURNED' | 'ARCHIVED';

/** Like complaintAt, also reaching RETURNED (from RECEIVED) and ARCHIVED (from REGISTERED). */
export async function complaintIn(t: TestApp, staff: Staff, status: Start): Promise<Snapshot> {
  if (status === 'RETURNED') {
    const c = await complaintAt(t, staff, 'RECEIVED');
    return step(t, 'return', { id: c.id, v: c.version, reason: 'Bukan wewenang dinas ini.' }, staff.admin);
  }
  if (status === 'ARCHIVED') {
    const c = await complaintAt(t, staff, 'REGISTERED');
    return step(t, 'archive', { id: c.id, v: c.version, reason: 'Duplikat laporan lain.' }, staff.admin);
  }
  return complaintAt(t, staff, status);
}
