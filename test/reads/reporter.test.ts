// Reporter identity: anonymous hidden from everyone; confidential only for the agency's ADMIN and HEAD,
// each read logged (also inside lists); reporterAccessLog for ADMIN, HEAD and AUDITOR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgency, EMAIL, gid, makeComplaint, otherAgency, type AgencyFixture } from './fixtures.js';

let t: TestApp;
let demo: AgencyFixture;
const tokens: Record<string, { token: string }> = {};

const ONE = `query($id: ID!) { complaint(id: $id) { reporter { name contact } reporterHidden anonymous confidential } }`;
const LOG = `query($id: ID!) { reporterAccessLog(complaintId: $id) { at role user { email } } }`;

beforeAll(async () => {
  t = await startTestApp();
  demo = await demoAgency(t.db.prisma);
  for (const [k, email] of Object.entries(EMAIL)) tokens[k] = { token: await t.login(email) };
});
afterAll(() => t?.close());

const logCount = (complaintId: string) => t.db.prisma.reporterAccessLog.count({ where: { complaintId } });

describe('confidential reporter', () => {
  it('ADMIN and HEAD see it, and every read adds one access-log row with who, role and when', async () => {
    const c = await makeComplaint(t.db.prisma, demo, {
      confidential: true,
      reporterName: 'Siti Aminah',
      reporterContact: 'siti@example.id',
    });
    for (const who of ['admin', 'head'] as const) {
      const before = await logCount(c.id);
      const r = await t.gql(ONE, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.data.complaint).toMatchObject({ reporter: { name: 'Siti Aminah', contact: 'siti@example.id' }, reporterHidden: 'VISIBLE' });
      expect(await logCount(c.id)).toBe(before + 1);
    }
    const rows = await t.db.prisma.reporterAccessLog.findMany({ where: { complaintId: c.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.userId, r.role])).toEqual([
      [demo.users[EMAIL.admin]!.id, 'ADMIN'],
      [demo.users[EMAIL.head]!.id, 'HEAD'],
    ]);
    expect(rows[0]!.at.getTime()).toBe(t.clock.now().getTime());
  });

  it('reading only reporterHidden or other fields writes no log row', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { confidential: true });
    const r = await t.gql(
      `query($id: ID!) { complaint(id: $id) { reporterHidden title content } }`,
      { id: gid('Complaint', c.id) },
      tokens.admin,
    );
    expect(r.data.complaint.reporterHidden).toBe('VISIBLE');
    expect(await logCount(c.id)).toBe(0);
  });

  it('LIAISON, DIVISION, AUDITOR and COORDINATOR get null and CONFIDENTIAL, and nothing is logged', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { status: 'DISPOSED', divisions: ['KEPEMUDAAN'], confidential: true });
    for (const who of ['liaison', 'kepemudaan', 'auditor', 'coordinator'] as const) {
      const r = await t.gql(ONE, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.errors, who).toBeUndefined();
      expect(r.data.complaint, who).toMatchObject({ reporter: null, reporterHidden: 'CONFIDENTIAL', confidential: true });
    }
    expect(await logCount(c.id)).toBe(0);
  });

  it('inside a list: one row per complaint read; an aliased second read of one complaint is logged again', async () => {
    const app = await startTestApp();
    try {
      const a = await demoAgency(app.db.prisma);
      const admin = { token: await app.login(EMAIL.admin) };
      const confidential = [];
      for (let i = 0; i < 3; i++) confidential.push(await makeComplaint(app.db.prisma, a, { confidential: true }));
      const plain = await makeComplaint(app.db.prisma, a, {});
      const anonymous = await makeComplaint(app.db.prisma, a, { anonymous: true, confidential: true });
      const r = await app.gql(
        `query($id: ID!) { complaints(first: 10) { edges { node { id reporter { name } reporterHidden } } }
          again: complaint(id: $id) { reporter { name } } }`,
        { id: gid('Complaint', confidential[0]!.id) },
        admin,
      );
      expect(r.errors).toBeUndefined();
      const byId = new Map(r.data.complaints.edges.map((e: any) => [e.node.id, e.node]));
      for (const c of confidential)
        expect(byId.get(gid('Complaint', c.id))).toMatchObject({ reporterHidden: 'VISIBLE', reporter: { name: c.reporterName } });
      expect(byId.get(gid('Complaint', plain.id))).toMatchObject({ reporterHidden: 'VISIBLE', reporter: { name: plain.reporterName } });
      expect(byId.get(gid('Complaint', anonymous.id))).toMatchObject({ reporterHidden: 'ANONYMOUS', reporter: null });
      const rows = await app.db.prisma.reporterAccessLog.findMany();
      const perComplaint = new Map<string, number>();
      for (const row of rows) perComplaint.set(row.complaintId, (perComplaint.get(row.complaintId) ?? 0) + 1);
      expect(Object.fromEntries(perComplaint)).toEqual({
        [confidential[0]!.id]: 2,
        [confidential[1]!.id]: 1,
        [confidential[2]!.id]: 1,
      });
    } finally {
      await app.close();
    }
  });
});

describe('anonymous reporter', () => {
  it('is hidden from every role, including ADMIN and HEAD, with nothing stored or logged', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { status: 'DISPOSED', anonymous: true, confidential: true });
    for (const who of ['admin', 'head', 'liaison', 'kepemudaan', 'auditor', 'coordinator'] as const) {
      const r = await t.gql(ONE, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.data.complaint, who).toMatchObject({ reporter: null, reporterHidden: 'ANONYMOUS', anonymous: true });
    }
    expect(await logCount(c.id)).toBe(0);
  });

  it('an ordinary reporter is visible to every staff member who sees the complaint, unlogged', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { status: 'DISPOSED', reporterName: 'Budi' });
    for (const who of ['admin', 'head', 'liaison', 'kepemudaan', 'auditor', 'coordinator'] as const) {
      const r = await t.gql(ONE, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.data.complaint, who).toMatchObject({ reporter: { name: 'Budi' }, reporterHidden: 'VISIBLE' });
    }
    expect(await logCount(c.id)).toBe(0);
  });
});

describe('reporterAccessLog', () => {
  it('shows who read a confidential identity to the agency’s ADMIN, HEAD and AUDITOR only', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { status: 'DISPOSED', confidential: true });
    await t.gql(ONE, { id: gid('Complaint', c.id) }, tokens.head);
    for (const who of ['admin', 'head', 'auditor'] as const) {
      const r = await t.gql(LOG, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.errors, who).toBeUndefined();
      expect(r.data.reporterAccessLog, who).toEqual([{ at: t.clock.now().toISOString(), role: 'HEAD', user: { email: EMAIL.head } }]);
    }
    for (const who of ['liaison', 'kepemudaan', 'coordinator'] as const) {
      const r = await t.gql(LOG, { id: gid('Complaint', c.id) }, tokens[who]);
      expect(r.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
    }
    expect((await t.gql(LOG, { id: gid('Complaint', c.id) })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await t.gql(LOG, { id: gid('Complaint', '00000000-0000-0000-0000-000000000000') }, tokens.admin);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('another agency’s ADMIN and HEAD neither see the complaint’s reporter nor its log', async () => {
    const other = await otherAgency(t.db.prisma, 'DINKES');
    const c = await makeComplaint(t.db.prisma, demo, { confidential: true });
    for (const email of ['admin@dinkes.demo', 'kepala@dinkes.demo']) {
      const token = { token: await t.login(email) };
      expect((await t.gql(ONE, { id: gid('Complaint', c.id) }, token)).data.complaint).toBeNull();
      expect((await t.gql(LOG, { id: gid('Complaint', c.id) }, token)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(other.id).not.toBe(demo.id);
    expect(await logCount(c.id)).toBe(0);
  });
});
