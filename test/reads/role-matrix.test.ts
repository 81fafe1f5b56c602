// Every read × every role (demo users), another agency's staff, service clients (one key per scope)
// and anonymous callers: allowed, null (not visible) or FORBIDDEN / UNAUTHENTICATED as specified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '../support/app.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgency, EMAIL, gid, makeComplaint, otherAgency, type AgencyFixture } from './fixtures.js';

type Who =
  | 'coordinator'
  | 'admin'
  | 'liaison'
  | 'head'
  | 'kepemudaan'
  | 'olahraga'
  | 'auditor'
  | 'otherAdmin'
  | 'keyStatus'
  | 'keyComplaints'
  | 'keyForward'
  | 'anonymous';
const STAFF: Who[] = ['coordinator', 'admin', 'liaison', 'head', 'kepemudaan', 'olahraga', 'auditor', 'otherAdmin'];
const KEYS: Who[] = ['keyStatus', 'keyComplaints', 'keyForward'];
const EVERYONE: Who[] = [...STAFF, ...KEYS, 'anonymous'];

let t: TestApp;
let demo: AgencyFixture;
let other: AgencyFixture;
const auth = {} as Record<Who, Auth>;
/** Disposed to Kepemudaan only, confidential, with every step's rows. */
let mine: Awaited<ReturnType<typeof makeComplaint>>;
let foreign: Awaited<ReturnType<typeof makeComplaint>>;
let dispositionId: string;
let resultId: string;

async function key(scope: string): Promise<Auth> {
  const r = await t.gql(
    `mutation($s: [ApiKeyScope!]!) { createApiKey(name: "portal", scopes: $s) { ... on CreatedApiKey { key } } }`,
    { s: [scope] },
    auth.admin,
  );
  return { apiKey: r.data.createApiKey.key };
}

beforeAll(async () => {
  t = await startTestApp();
  demo = await demoAgency(t.db.prisma);
  other = await otherAgency(t.db.prisma);
  for (const w of ['coordinator', 'admin', 'liaison', 'head', 'kepemudaan', 'olahraga', 'auditor'] as const) {
    auth[w] = { token: await t.login(EMAIL[w]) };
  }
  auth.otherAdmin = { token: await t.login('admin@dishub.demo') };
  auth.keyStatus = await key('READ_STATUS');
  auth.keyComplaints = await key('READ_COMPLAINTS');
  auth.keyForward = await key('FORWARD_COMPLAINTS');
  auth.anonymous = undefined;
  mine = await makeComplaint(t.db.prisma, demo, {
    status: 'CLOSED',
    round: 2,
    divisions: ['KEPEMUDAAN'],
    confidential: true,
    trackingId: 'MINE-1',
  });
  await makeComplaint(t.db.prisma, demo, { status: 'DISPOSED', divisions: ['OLAHRAGA'], trackingId: 'OLAH-1' });
  await makeComplaint(t.db.prisma, demo, { status: 'RECEIVED', trackingId: 'NEW-1' });
  foreign = await makeComplaint(t.db.prisma, other, { status: 'DISPOSED', divisions: ['LALU_LINTAS'], trackingId: 'FOREIGN-1' });
  dispositionId = (await t.db.prisma.disposition.findFirstOrThrow({ where: { complaintId: mine.id } })).id;
  resultId = (await t.db.prisma.followUpResult.findFirstOrThrow({ where: { complaintId: mine.id } })).id;
});
afterAll(() => t?.close());

/** OK (data), NULL (field null), or the error code. */
async function outcome(who: Who, query: string, vars: Record<string, unknown> = {}): Promise<string> {
  const r = await t.gql(query, vars, auth[who]);
  if (r.errors?.length) return r.errors[0].extensions?.code ?? r.errors[0].message;
  const value = Object.values(r.data ?? {})[0];
  return value === null ? 'NULL' : 'OK';
}

async function matrix(query: string, vars: Record<string, unknown> = {}) {
  const out: Record<string, string> = {};
  for (const w of EVERYONE) out[w] = await outcome(w, query, vars);
  return out;
}

const expectMatrix = (actual: Record<string, string>, expected: Partial<Record<Who, string>>) =>
  expect(actual).toEqual(Object.fromEntries(EVERYONE.map((w) => [w, expected[w]])));

const seesMine = {
  coordinator: 'OK',
  admin: 'OK',
  liaison: 'OK',
  head: 'OK',
  kepemudaan: 'OK',
  auditor: 'OK',
  olahraga: 'NULL',
  otherAdmin: 'NULL',
} as const;
const staffOnlyErrors = {
  keyStatus: 'FORBIDDEN',
  keyComplaints: 'FORBIDDEN',
  keyForward: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
} as const;

describe('one complaint', () => {
  it('complaint(id), with content and history: its agency (a DIVISION only once disposed to it) and the coordinator', async () => {
    expectMatrix(
      await matrix(`query($id: ID!) { complaint(id: $id) { id title content history { action actorRole } } }`, {
        id: gid('Complaint', mine.id),
      }),
      { ...seesMine, ...staffOnlyErrors },
    );
  });

  it('complaintByTrackingId follows the same rule', async () => {
    expectMatrix(await matrix(`query { complaintByTrackingId(trackingId: "MINE-1") { id content } }`), { ...seesMine, ...staffOnlyErrors });
  });

  it('node(id) for the complaint and for its nested rows (disposition, follow-up result) follows the same rule', async () => {
    for (const id of [gid('Complaint', mine.id), gid('Disposition', dispositionId), gid('FollowUpResult', resultId)]) {
      expectMatrix(await matrix(`query($id: ID!) { node(id: $id) { id } }`, { id }), { ...seesMine, ...staffOnlyErrors });
    }
  });

  it('nested step data and history are readable by whoever sees the complaint, and by no one else', async () => {
    const q = `query($id: ID!) { complaint(id: $id) { dispositions { note } followUpPlans { plan } followUpResults { facts } followUpReports { text } responses { postedText } feedbacks { comment } history { summary } } }`;
    const r = await t.gql(q, { id: gid('Complaint', mine.id) }, auth.kepemudaan);
    expect(r.data.complaint.followUpResults).toHaveLength(2);
    expect(r.data.complaint.history.length).toBeGreaterThan(5);
    expectMatrix(await matrix(q, { id: gid('Complaint', mine.id) }), { ...seesMine, ...staffOnlyErrors });
  });

  it('the confidential reporter: ADMIN and HEAD only; the field is null for every other role', async () => {
    const got: Record<string, unknown> = {};
    for (const w of STAFF) {
      const r = await t.gql(
        `query($id: ID!) { complaint(id: $id) { reporter { name } reporterHidden } }`,
        { id: gid('Complaint', mine.id) },
        auth[w],
      );
      got[w] = r.data.complaint && (r.data.complaint.reporter ? 'SHOWN' : r.data.complaint.reporterHidden);
    }
    expect(got).toEqual({
      coordinator: 'CONFIDENTIAL',
      admin: 'SHOWN',
      liaison: 'CONFIDENTIAL',
      head: 'SHOWN',
      kepemudaan: 'CONFIDENTIAL',
      olahraga: null,
      auditor: 'CONFIDENTIAL',
      otherAdmin: null,
    });
  });
});

describe('lists and counts', () => {
  const LIST = `{ complaints(first: 100) { totalCount edges { node { trackingId } } } }`;

  it('complaints lists exactly what each role may see', async () => {
    const seen: Record<string, unknown> = {};
    for (const w of EVERYONE) {
      const r = await t.gql(LIST, {}, auth[w]);
      seen[w] = r.errors ? r.errors[0].extensions.code : r.data.complaints.edges.map((e: any) => e.node.trackingId).sort();
    }
    const agency = ['MINE-1', 'NEW-1', 'OLAH-1'];
    expect(seen).toEqual({
      coordinator: ['FOREIGN-1', ...agency],
      admin: agency,
      liaison: agency,
      head: agency,
      auditor: agency,
      kepemudaan: ['MINE-1'],
      olahraga: ['OLAH-1'],
      otherAdmin: ['FOREIGN-1'],
      ...staffOnlyErrors,
    });
  });

  it('complaintCounts: staff and READ_COMPLAINTS keys, over exactly what the caller may see', async () => {
    const Q = `{ complaintCounts { total byStatus { status count } byDivision { code count } } }`;
    expectMatrix(await matrix(Q), {
      ...Object.fromEntries(STAFF.map((w) => [w, 'OK'])),
      keyStatus: 'FORBIDDEN',
      keyComplaints: 'OK',
      keyForward: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
    const counts = async (w: Who) => (await t.gql(Q, {}, auth[w])).data.complaintCounts;
    const olahraga = await counts('olahraga');
    expect(olahraga.total).toBe(1);
    expect(olahraga.byDivision).toEqual([{ code: 'OLAHRAGA', count: 1 }]);
    expect(olahraga.byStatus.find((s: any) => s.status === 'CLOSED').count).toBe(0);
    const admin = await counts('admin');
    expect(admin.total).toBe(3);
    expect(admin.byDivision).toEqual([
      { code: 'KEPEMUDAAN', count: 1 },
      { code: 'OLAHRAGA', count: 1 },
    ]);
    expect(await counts('keyComplaints')).toEqual(admin);
    expect((await counts('coordinator')).total).toBe(4);
    const foreignCounts = await t.gql(
      `query($a: ID) { complaintCounts(agencyId: $a) { total } }`,
      { a: gid('Agency', other.id) },
      auth.admin,
    );
    expect(foreignCounts.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const coordinatorForOther = await t.gql(
      `query($a: ID) { complaintCounts(agencyId: $a) { total } }`,
      { a: gid('Agency', other.id) },
      auth.coordinator,
    );
    expect(coordinatorForOther.data.complaintCounts.total).toBe(1);
  });

  it('registerBook: agency-level staff and the coordinator; not DIVISION staff, keys or anonymous callers', async () => {
    const Q = `query($a: ID) { registerBook(agencyId: $a, from: "2026-01-01", to: "2026-12-31") { total } }`;
    expectMatrix(await matrix(Q, { a: gid('Agency', demo.id) }), {
      coordinator: 'OK',
      admin: 'OK',
      liaison: 'OK',
      head: 'OK',
      auditor: 'OK',
      kepemudaan: 'FORBIDDEN',
      olahraga: 'FORBIDDEN',
      otherAdmin: 'NOT_FOUND',
      keyStatus: 'FORBIDDEN',
      keyComplaints: 'FORBIDDEN',
      keyForward: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
  });

  it('reporterAccessLog: the agency’s ADMIN, HEAD and AUDITOR only', async () => {
    expectMatrix(await matrix(`query($id: ID!) { reporterAccessLog(complaintId: $id) { at } }`, { id: gid('Complaint', mine.id) }), {
      coordinator: 'FORBIDDEN',
      admin: 'OK',
      liaison: 'FORBIDDEN',
      head: 'OK',
      auditor: 'OK',
      kepemudaan: 'FORBIDDEN',
      olahraga: 'FORBIDDEN',
      otherAdmin: 'NOT_FOUND',
      keyStatus: 'FORBIDDEN',
      keyComplaints: 'FORBIDDEN',
      keyForward: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
  });
});

describe('status for the public and other portals', () => {
  it('complaintStatus: anyone, status and dates only; unknown tracking ID is null', async () => {
    const Q = `query($t: String!) { complaintStatus(trackingId: $t) { trackingId kind status round version receivedAt registeredAt respondedAt closedAt agencyName } }`;
    expectMatrix(await matrix(Q, { t: 'MINE-1' }), Object.fromEntries(EVERYONE.map((w) => [w, 'OK'])));
    const r = await t.gql(Q, { t: 'MINE-1' });
    expect(r.data.complaintStatus).toMatchObject({
      trackingId: 'MINE-1',
      status: 'CLOSED',
      round: 2,
      agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    });
    const latest = await t.db.prisma.response.findFirstOrThrow({ where: { complaintId: mine.id, round: 2 } });
    expect(r.data.complaintStatus.respondedAt).toBe(latest.postedAt.toISOString());
    expect(JSON.stringify(r.data)).not.toContain(mine.reporterName!);
    expect((await t.gql(Q, { t: 'NOPE' })).data.complaintStatus).toBeNull();
  });

  it('the status view type has no field that could carry personal data or internal text', async () => {
    const r = await t.gql(`{ __type(name: "ComplaintStatusView") { fields { name } } }`);
    expect(r.data.__type.fields.map((f: any) => f.name).sort()).toEqual([
      'agencyName',
      'closedAt',
      // The class name, whether it is on hold, and a fixed phrase saying why: never staff text.
      'complaintClass',
      'firstReceivedAt',
      'kind',
      'pauseNotice',
      'paused',
      'receivedAt',
      'registeredAt',
      'respondedAt',
      'round',
      'status',
      'trackingId',
      'version',
    ]);
    const h = await t.gql(`{ __type(name: "ComplaintHistorySummaryEntry") { fields { name } } }`);
    expect(h.data.__type.fields.map((f: any) => f.name).sort()).toEqual(['action', 'actorRole', 'at', 'fromStatus', 'round', 'toStatus']);
  });

  it('complaintStatuses: READ_COMPLAINTS keys (their agency only) and staff (their view)', async () => {
    const Q = `{ complaintStatuses(first: 50) { totalCount edges { node { trackingId status } } } }`;
    expectMatrix(await matrix(Q), {
      ...Object.fromEntries(STAFF.map((w) => [w, 'OK'])),
      keyStatus: 'FORBIDDEN',
      keyComplaints: 'OK',
      keyForward: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
    const names = async (w: Who, filter?: unknown) =>
      (
        await t.gql(
          `query($f: ComplaintStatusFilter) { complaintStatuses(first: 50, filter: $f) { edges { node { trackingId } } } }`,
          { f: filter },
          auth[w],
        )
      ).data.complaintStatuses.edges
        .map((e: any) => e.node.trackingId)
        .sort();
    expect(await names('keyComplaints')).toEqual(['MINE-1', 'NEW-1', 'OLAH-1']);
    expect(await names('keyComplaints', { status: ['RECEIVED'] })).toEqual(['NEW-1']);
    expect(await names('olahraga')).toEqual(['OLAH-1']);
    const tooMany = await t.gql(`{ complaintStatuses(first: 101) { totalCount } }`, {}, auth.keyComplaints);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });

  it('complaintHistorySummary: READ_COMPLAINTS keys and staff; roles, never people; other agencies’ reports are null', async () => {
    const Q = `query($t: String!) { complaintHistorySummary(trackingId: $t) { at action actorRole fromStatus toStatus round } }`;
    expectMatrix(await matrix(Q, { t: 'MINE-1' }), {
      ...seesMine,
      keyStatus: 'FORBIDDEN',
      keyComplaints: 'OK',
      keyForward: 'FORBIDDEN',
      anonymous: 'UNAUTHENTICATED',
    });
    const r = await t.gql(Q, { t: 'MINE-1' }, auth.keyComplaints);
    expect(r.data.complaintHistorySummary[0]).toMatchObject({
      action: 'RECEIVE',
      actorRole: 'ADMIN',
      fromStatus: null,
      toStatus: 'RECEIVED',
      round: 1,
    });
    expect(r.data.complaintHistorySummary.map((e: any) => e.action)).toContain('RECORD_FEEDBACK');
    expect((await t.gql(Q, { t: 'FOREIGN-1' }, auth.keyComplaints)).data.complaintHistorySummary).toBeNull();
    expect(foreign.trackingId).toBe('FOREIGN-1');
  });
});
