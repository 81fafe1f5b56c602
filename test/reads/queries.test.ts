// complaint, complaintByTrackingId and complaints: nested step data, filters, sorting, pagination,
// text search, register book, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgency, EMAIL, gid, makeComplaint, otherAgency, type AgencyFixture } from './fixtures.js';

let t: TestApp;
let demo: AgencyFixture;
let admin: { token: string };

beforeAll(async () => {
  t = await startTestApp();
  demo = await demoAgency(t.db.prisma);
  admin = { token: await t.login(EMAIL.admin) };
});
afterAll(() => t?.close());

const FULL = `query($id: ID!) { complaint(id: $id) {
  id trackingId status round registerNumber
  dispositions { id round instructions note priority createdAt divisions { code } disposedBy { name role } }
  divisions { code name }
  followUpPlans { round plan division { code } formulatedAt formulatedBy { role } }
  round2: followUpPlans(round: 2) { round }
  followUpResults { round facts actionTaken solution division { code } evidence { name mediaType size url } recordedBy { role } }
  followUpReports { round text compiledAt compiledBy { role } }
  responses { round postedAt postedText laporReference deliveredBy { role } }
  feedbacks { round satisfied comment }
  attachments { name mediaType size url }
  history { action round actorRole }
} }`;

describe('complaint with everything the SOP steps left on it', () => {
  it('returns every round’s dispositions, plans, results, reports, responses and feedback', async () => {
    const c = await makeComplaint(t.db.prisma, demo, { status: 'CLOSED', round: 2, divisions: ['OLAHRAGA', 'KEPEMUDAAN'] });
    const r = await t.gql(FULL, { id: gid('Complaint', c.id) }, admin);
    expect(r.errors).toBeUndefined();
    const x = r.data.complaint;
    expect(x.status).toBe('CLOSED');
    expect(x.dispositions).toHaveLength(1);
    expect(x.dispositions[0]).toMatchObject({
      round: 1,
      instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'],
      priority: 'SEGERA',
      disposedBy: { role: 'HEAD' },
      divisions: [{ code: 'KEPEMUDAAN' }, { code: 'OLAHRAGA' }],
    });
    expect(x.divisions.map((d: any) => d.code)).toEqual(['KEPEMUDAAN', 'OLAHRAGA']);
    expect(x.followUpPlans.map((p: any) => p.round)).toEqual([1, 1, 2, 2]);
    expect(x.round2).toEqual([{ round: 2 }, { round: 2 }]);
    expect(x.followUpPlans[0].formulatedBy).toEqual({ role: 'LIAISON' });
    expect(x.followUpResults).toHaveLength(4);
    expect(x.followUpResults[0].evidence).toEqual([
      { name: 'bukti.pdf', mediaType: 'application/pdf', size: 2048, url: 'https://files.example/bukti.pdf' },
    ]);
    expect(x.followUpReports.map((p: any) => p.round)).toEqual([1, 2]);
    expect(x.responses.map((p: any) => [p.round, p.laporReference, p.deliveredBy.role])).toEqual([
      [1, 'REF-1', 'ADMIN'],
      [2, 'REF-2', 'ADMIN'],
    ]);
    expect(x.feedbacks.map((f: any) => [f.round, f.satisfied])).toEqual([
      [1, false],
      [2, true],
    ]);
    // The reporter's attachments only; a division's evidence stays on its result.
    expect(x.attachments).toEqual([{ name: 'foto.jpg', mediaType: 'image/jpeg', size: 1024, url: 'https://lapor.go.id/f/foto.jpg' }]);
    expect(x.history.map((h: any) => h.action)).toContain('RECORD_FEEDBACK');
  });

  it('finds by tracking ID; unknown IDs and tracking IDs are null, a malformed ID is INVALID_INPUT', async () => {
    const c = await makeComplaint(t.db.prisma, demo);
    const byTracking = await t.gql(`query($t: String!) { complaintByTrackingId(trackingId: $t) { id } }`, { t: c.trackingId }, admin);
    expect(byTracking.data.complaintByTrackingId.id).toBe(gid('Complaint', c.id));
    const unknown = await t.gql(`query($t: String!) { complaintByTrackingId(trackingId: $t) { id } }`, { t: 'NOPE-1' }, admin);
    expect(unknown.data.complaintByTrackingId).toBeNull();
    const missing = await t.gql(
      `query($id: ID!) { complaint(id: $id) { id } }`,
      { id: gid('Complaint', '00000000-0000-0000-0000-000000000000') },
      admin,
    );
    expect(missing.data.complaint).toBeNull();
    const notUuid = await t.gql(`query($id: ID!) { complaint(id: $id) { id } }`, { id: gid('Complaint', 'x') }, admin);
    expect(notUuid.data.complaint).toBeNull();
    const wrongType = await t.gql(`query($id: ID!) { complaint(id: $id) { id } }`, { id: gid('Agency', demo.id) }, admin);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    const garbage = await t.gql(`query($id: ID!) { complaint(id: $id) { id } }`, { id: '%%%' }, admin);
    expect(garbage.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});

describe('complaints connection', () => {
  let app: TestApp;
  let a: AgencyFixture;
  let token: { token: string };
  const ids: Record<string, string> = {};
  const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $filter: ComplaintFilter, $orderBy: ComplaintOrder) {
    complaints(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
      edges { cursor node { id trackingId } }
    } }`;
  const list = async (vars: Record<string, unknown>) => {
    const r = await app.gql(LIST, vars, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return { ...r, names: r.data.complaints.edges.map((e: any) => e.node.trackingId as string) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    a = await demoAgency(app.db.prisma);
    token = { token: await app.login(EMAIL.admin) };
    const at = (day: number, h = 3) => new Date(Date.UTC(2026, 2, day, h));
    const specs = [
      { trackingId: 'T1', status: 'RECEIVED', receivedAt: at(2), kind: 'LAPORAN', title: 'Lampu lapangan mati', updatedAt: at(20) },
      {
        trackingId: 'T2',
        status: 'REGISTERED',
        receivedAt: at(3),
        kind: 'SARAN',
        title: 'Saran jadwal festival budaya',
        registeredAt: at(5, 1),
        updatedAt: at(19),
      },
      {
        trackingId: 'T3',
        status: 'DISPOSED',
        receivedAt: at(4),
        divisions: ['OLAHRAGA'],
        content: 'Kolam renang kotor sekali',
        registeredAt: at(5, 2),
        updatedAt: at(18),
      },
      {
        trackingId: 'T4',
        status: 'IN_FOLLOW_UP',
        receivedAt: at(5),
        divisions: ['KEBUDAYAAN'],
        round: 2,
        title: 'Sanggar tari tutup',
        registeredAt: at(6, 3),
        updatedAt: at(21),
      },
      {
        trackingId: 'T5',
        status: 'CLOSED',
        receivedAt: at(6),
        divisions: ['OLAHRAGA', 'PARIWISATA'],
        kind: 'INFORMASI',
        title: 'Lampu taman wisata',
        registeredAt: at(6, 4),
        updatedAt: at(17),
      },
    ] as const;
    for (const s of specs) ids[s.trackingId] = (await makeComplaint(app.db.prisma, a, s as never)).id;
  });
  afterAll(() => app?.close());

  it('sorts by received date (newest first by default), updatedAt and register number', async () => {
    expect((await list({})).names).toEqual(['T5', 'T4', 'T3', 'T2', 'T1']);
    expect((await list({ orderBy: 'RECEIVED_AT_ASC' })).names).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    expect((await list({ orderBy: 'UPDATED_AT_DESC' })).names).toEqual(['T4', 'T1', 'T2', 'T3', 'T5']);
    // Register order; the unregistered report comes last.
    expect((await list({ orderBy: 'REGISTER_NUMBER_ASC' })).names).toEqual(['T2', 'T3', 'T4', 'T5', 'T1']);
  });

  it('pages forwards and backwards in every order without losing or repeating a row', async () => {
    for (const orderBy of ['RECEIVED_AT_DESC', 'RECEIVED_AT_ASC', 'UPDATED_AT_DESC', 'REGISTER_NUMBER_ASC']) {
      const all = (await list({ orderBy })).names;
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const r = await list({ orderBy, first: 2, after });
        seen.push(...r.names);
        expect(r.data.complaints.totalCount).toBe(5);
        if (!r.data.complaints.pageInfo.hasNextPage) break;
        after = r.data.complaints.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      const tail = await list({ orderBy, last: 2 });
      expect(tail.names).toEqual(all.slice(-2));
      const before = await list({ orderBy, last: 2, before: tail.data.complaints.pageInfo.startCursor });
      expect(before.names).toEqual(all.slice(-4, -2));
    }
  });

  it('filters by status, kind, division, received range, round and several at once, with totalCount', async () => {
    const names = async (filter: Record<string, unknown>) => {
      const r = await list({ filter, orderBy: 'RECEIVED_AT_ASC' });
      expect(r.data.complaints.totalCount).toBe(r.names.length);
      return r.names;
    };
    expect(await names({ status: ['RECEIVED', 'CLOSED'] })).toEqual(['T1', 'T5']);
    expect(await names({ kind: 'SARAN' })).toEqual(['T2']);
    expect(await names({ divisionId: gid('Division', a.divisions.OLAHRAGA!) })).toEqual(['T3', 'T5']);
    expect(await names({ receivedFrom: '2026-03-03T00:00:00Z', receivedTo: '2026-03-05T00:00:00Z' })).toEqual(['T2', 'T3']);
    expect(await names({ minRound: 2 })).toEqual(['T4']);
    expect(await names({ status: ['DISPOSED', 'CLOSED'], divisionId: gid('Division', a.divisions.PARIWISATA!) })).toEqual(['T5']);
    expect(await names({ divisionId: gid('Division', '00000000-0000-0000-0000-000000000000') })).toEqual([]);
  });

  it('searches title and content for every word (any part of a word, case-insensitive)', async () => {
    const names = async (search: string) => (await list({ filter: { search }, orderBy: 'RECEIVED_AT_ASC' })).names;
    expect(await names('lampu')).toEqual(['T1', 'T5']);
    expect(await names('LAMPU taman')).toEqual(['T5']);
    expect(await names('kolam')).toEqual(['T3']); // content only
    expect(await names('festiv')).toEqual(['T2']); // prefix
    expect(await names('AMPU')).toEqual(['T1', 'T5']); // inside a word
    expect(await names('lampu kolam')).toEqual([]);
    expect(await names("o'reilly & | ! :*")).toEqual([]); // operators are not syntax
  });

  it('refuses bad input with INVALID_INPUT: inverted range, page over 100, round 0, empty search', async () => {
    const code = async (vars: Record<string, unknown>) => (await app.gql(LIST, vars, token)).errors?.[0]?.extensions?.code;
    expect(await code({ filter: { receivedFrom: '2026-03-05T00:00:00Z', receivedTo: '2026-03-01T00:00:00Z' } })).toBe('INVALID_INPUT');
    expect(await code({ first: 101 })).toBe('INVALID_INPUT');
    expect(await code({ last: 500 })).toBe('INVALID_INPUT');
    expect(await code({ first: -1 })).toBe('INVALID_INPUT');
    expect(await code({ filter: { minRound: 0 } })).toBe('INVALID_INPUT');
    expect(await code({ filter: { search: ' ?! ' } })).toBe('INVALID_INPUT');
    expect(await code({ filter: { search: 'x'.repeat(201) } })).toBe('INVALID_INPUT');
    expect(await code({ after: 'not-a-cursor' })).toBe('INVALID_INPUT');
    expect(await code({ filter: { receivedFrom: '2026-03-05' } })).toBe('INVALID_INPUT');
    expect(await code({ first: 100 })).toBeUndefined();
  });

  it('the coordinator sees every agency and can narrow to one; agency staff never see another agency', async () => {
    const other = await otherAgency(app.db.prisma);
    await makeComplaint(app.db.prisma, other, { trackingId: 'X1', divisions: ['LALU_LINTAS'], status: 'DISPOSED' });
    const coordinator = { token: await app.login(EMAIL.coordinator) };
    const all = await app.gql(LIST, { orderBy: 'RECEIVED_AT_ASC' }, coordinator);
    expect(all.data.complaints.totalCount).toBe(6);
    const one = await app.gql(LIST, { filter: { agencyId: gid('Agency', other.id) } }, coordinator);
    expect(one.data.complaints.edges.map((e: any) => e.node.trackingId)).toEqual(['X1']);
    const mine = await list({ filter: { agencyId: gid('Agency', other.id) } });
    expect(mine.names).toEqual([]);
    expect((await list({ filter: { search: 'laporan' } })).names).not.toContain('X1');
  });
});

describe('registerBook', () => {
  const BOOK = `query($a: ID, $from: Date!, $to: Date!) { registerBook(agencyId: $a, from: $from, to: $to) {
    from to total agency { code } days { date count } entries { registerNumber trackingId } } }`;

  it('lists entries in register order with a count per local day (Asia/Jakarta)', async () => {
    const app = await startTestApp();
    try {
      const a = await demoAgency(app.db.prisma);
      const token = { token: await app.login(EMAIL.head) };
      // 2026-03-09 23:30 UTC is 2026-03-10 06:30 in Jakarta.
      const regs = [
        ['B1', '2026-03-09T02:00:00Z'],
        ['B2', '2026-03-09T08:00:00Z'],
        ['B3', '2026-03-09T23:30:00Z'],
        ['B4', '2026-03-12T03:00:00Z'],
        ['B5', '2026-03-20T03:00:00Z'],
      ] as const;
      for (const [tid, at] of regs) {
        await makeComplaint(app.db.prisma, a, {
          trackingId: tid,
          status: 'REGISTERED',
          receivedAt: new Date(Date.parse(at) - 3_600_000),
          registeredAt: new Date(at),
        });
      }
      await makeComplaint(app.db.prisma, a, { trackingId: 'B0', status: 'RECEIVED' });
      const r = await app.gql(BOOK, { from: '2026-03-09', to: '2026-03-12' }, token);
      expect(r.errors).toBeUndefined();
      const book = r.data.registerBook;
      expect(book.agency.code).toBe('DISPORBUDPAR');
      expect(book.entries.map((e: any) => e.trackingId)).toEqual(['B1', 'B2', 'B3', 'B4']);
      const seqs = book.entries.map((e: any) => Number(e.registerNumber.slice(0, 4)));
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(book.days).toEqual([
        { date: '2026-03-09', count: 2 },
        { date: '2026-03-10', count: 1 },
        { date: '2026-03-12', count: 1 },
      ]);
      expect(book.total).toBe(4);
      const bad = async (vars: Record<string, unknown>) => (await app.gql(BOOK, vars, token)).errors?.[0]?.extensions?.code;
      expect(await bad({ from: '2026-03-12', to: '2026-03-09' })).toBe('INVALID_INPUT');
      expect(await bad({ from: '2025-01-01', to: '2026-03-09' })).toBe('INVALID_INPUT');
      expect(await bad({ from: '2026-02-30', to: '2026-03-09' })).toBe('INVALID_INPUT');
      expect(await bad({ a: gid('Agency', '00000000-0000-0000-0000-000000000000'), from: '2026-03-09', to: '2026-03-09' })).toBe(
        'NOT_FOUND',
      );
      const coordinator = { token: await app.login(EMAIL.coordinator) };
      expect((await app.gql(BOOK, { from: '2026-03-09', to: '2026-03-09' }, coordinator)).errors?.[0]?.extensions?.code).toBe(
        'INVALID_INPUT',
      );
      const forA = await app.gql(BOOK, { a: gid('Agency', a.id), from: '2026-03-09', to: '2026-03-09' }, coordinator);
      expect(forA.data.registerBook.total).toBe(2);
    } finally {
      await app.close();
    }
  });
});
