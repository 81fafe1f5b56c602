// The staff list's plain-SQL read (src/complaints/page-sql.ts) answers exactly what Prisma's findMany
// answers for the same Pothos query: the same rows in the same order, every column with the same
// value and type, the same nested history and divisions, and the same totalCount. Per role (the
// visibility rules: complaintScopeSql against complaintScope), filter, order and cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import { complaintListWhere, COMPLAINT_ORDER } from '../../src/complaints/queries.js';
import { countComplaintPage, readComplaintPage } from '../../src/complaints/page-sql.js';
import type { Context } from '../../src/graphql/context.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type AgencyFixture, demoAgency, EMAIL, makeComplaint, otherAgency } from './fixtures.js';

let t: TestApp;
let demo: AgencyFixture;
let other: AgencyFixture;
const viewers: Record<string, Viewer> = {};

type Order = keyof typeof COMPLAINT_ORDER;

function viewerOf(agency: AgencyFixture, email: string): Viewer {
  const u = agency.users[email]!;
  return {
    kind: 'user',
    id: u.id,
    name: email,
    email,
    role: u.role as never,
    agencyId: u.role === 'COORDINATOR' ? null : agency.id,
    divisionId: u.divisionId,
  };
}

beforeAll(async () => {
  t = await startTestApp({ appOptions: { dispatch: false } });
  demo = await demoAgency(t.db.prisma);
  other = await otherAgency(t.db.prisma);
  const statuses = ['RECEIVED', 'REGISTERED', 'DISPOSED', 'IN_FOLLOW_UP', 'RESPONSE_DELIVERED', 'CLOSED', 'RETURNED', 'ARCHIVED'] as const;
  // Equal receipt instants in pairs: the id tie-breaker decides their order, with and without a cursor.
  for (let i = 0; i < 24; i++) {
    await makeComplaint(t.db.prisma, demo, {
      status: statuses[i % statuses.length],
      round: 1 + (i % 3 === 0 ? 1 : 0),
      divisions: i % 2 ? ['KEPEMUDAAN', 'OLAHRAGA'] : ['OLAHRAGA'],
      kind: i % 5 === 0 ? 'SARAN' : 'LAPORAN',
      title: i % 4 === 0 ? `Jalan rusak di desa ${i}` : `Lampu padam ${i}`,
      confidential: i % 3 === 0,
      anonymous: i % 7 === 0,
      receivedAt: new Date(Date.UTC(2026, 4, 1 + Math.floor(i / 2), 3, 0, 0)),
      updatedAt: new Date(Date.UTC(2026, 5, 1, 0, i % 4)),
    });
  }
  for (let i = 0; i < 4; i++) {
    await makeComplaint(t.db.prisma, other, { status: i % 2 ? 'DISPOSED' : 'RECEIVED', divisions: ['LALU_LINTAS'] });
  }
  viewers.head = viewerOf(demo, EMAIL.head);
  viewers.kepemudaan = viewerOf(demo, EMAIL.kepemudaan);
  viewers.coordinator = viewerOf(demo, EMAIL.coordinator);
  viewers.otherDivision = viewerOf(other, 'lalulintas@dishub.demo');
  viewers.keyAll = { kind: 'service', apiKeyId: 'k', name: 'portal', agencyId: null, scopes: ['READ_COMPLAINTS'] };
  viewers.keyStatusOnly = { kind: 'service', apiKeyId: 'k', name: 'portal', agencyId: demo.id, scopes: ['READ_STATUS'] };
  viewers.anonymous = null;
});
afterAll(() => t?.close());

const INCLUDES = [
  {},
  { include: { history: { orderBy: { id: 'asc' } } } },
  { include: { dispositionDivisions: { select: { division: true } } } },
  { include: { dispositionDivisions: { select: { division: true } }, history: { orderBy: { id: 'asc' } } } },
];

// Prisma gives a relation without orderBy in no particular order; the divisions field sorts itself.
function normalised(rows: Record<string, unknown>[]) {
  return rows.map((r) =>
    r.dispositionDivisions
      ? {
          ...r,
          dispositionDivisions: [...(r.dispositionDivisions as { division: { id: string } }[])].sort((a, b) =>
            a.division.id.localeCompare(b.division.id),
          ),
        }
      : r,
  );
}

async function compare(viewer: Viewer, args: { filter?: any; orderBy?: Order }, query: Record<string, unknown>) {
  const ctx = { viewer, services: t.app.services } as unknown as Context;
  const where = complaintListWhere(ctx, args.filter);
  const expected = await t.db.prisma.complaint.findMany({
    ...query,
    where,
    orderBy: COMPLAINT_ORDER[args.orderBy ?? 'RECEIVED_AT_DESC'],
  } as never);
  const actual = await readComplaintPage(t.db, viewer, args as never, query as never);
  expect(actual, JSON.stringify({ args, query })).not.toBeNull();
  expect(normalised(actual!)).toEqual(normalised(expected as never));
  expect(await countComplaintPage(t.db, viewer, args.filter)).toBe(await t.db.prisma.complaint.count({ where }));
  return expected as { id: string }[];
}

describe('the staff list read in plain SQL', () => {
  it('answers every role and key like Prisma, with each include', async () => {
    for (const [name, viewer] of Object.entries(viewers)) {
      for (const query of INCLUDES) {
        const rows = await compare(viewer, {}, { ...query, take: 11, skip: 0 });
        if (name === 'head') expect(rows.length).toBe(11);
      }
    }
    // A division sees only what was disposed to it (odd ones in IN_FOLLOW_UP or CLOSED); another
    // agency's division none of the demo's.
    expect((await compare(viewers.kepemudaan!, {}, { take: 100, skip: 0 })).length).toBe(6);
    expect((await compare(viewers.otherDivision!, {}, { take: 100, skip: 0 })).length).toBe(2);
  });

  it('answers every filter and order like Prisma', async () => {
    const filters = [
      { status: ['DISPOSED', 'CLOSED'] },
      { kind: 'SARAN' },
      { divisionId: { id: demo.divisions.KEPEMUDAAN } },
      { divisionId: { id: 'not-a-uuid' } },
      { agencyId: { id: other.id } },
      { agencyId: { id: demo.id } },
      { receivedFrom: new Date(Date.UTC(2026, 4, 4, 3)), receivedTo: new Date(Date.UTC(2026, 4, 9, 3)) },
      { minRound: 2 },
      { search: 'jalan DESA' },
      { search: 'padam 1' },
      { status: ['RECEIVED'], kind: 'LAPORAN', minRound: 1, search: 'lampu' },
    ];
    for (const viewer of [viewers.head, viewers.coordinator, viewers.kepemudaan]) {
      for (const filter of filters) await compare(viewer!, { filter }, { ...INCLUDES[3], take: 30, skip: 0 });
      for (const orderBy of Object.keys(COMPLAINT_ORDER) as Order[])
        await compare(viewer!, { orderBy }, { ...INCLUDES[1], take: 30, skip: 0 });
    }
  });

  it('answers cursors like Prisma, including a cursor row the filter excludes and one that does not exist', async () => {
    for (const orderBy of ['RECEIVED_AT_DESC', 'RECEIVED_AT_ASC', 'UPDATED_AT_DESC'] as Order[]) {
      const all = await compare(viewers.coordinator!, { orderBy }, { take: 100, skip: 0 });
      for (const at of [0, 1, 7, all.length - 1]) {
        await compare(viewers.coordinator!, { orderBy }, { ...INCLUDES[3], cursor: { id: all[at]!.id }, skip: 1, take: 6 });
      }
      // Excluded by the filter: the cursor still places the page by its order keys.
      const saran = await t.db.prisma.complaint.findFirstOrThrow({ where: { agencyId: demo.id, kind: 'LAPORAN' } });
      await compare(viewers.head!, { orderBy, filter: { kind: 'SARAN' } }, { cursor: { id: saran.id }, skip: 1, take: 6 });
      await compare(viewers.head!, { orderBy }, { cursor: { id: '00000000-0000-4000-8000-000000000000' }, skip: 1, take: 6 });
    }
  });

  it('leaves to Prisma what it does not load', async () => {
    const head = viewers.head!;
    expect(await readComplaintPage(t.db, head, {}, { include: { agency: true }, take: 5, skip: 0 })).toBeNull();
    expect(await readComplaintPage(t.db, head, {}, { include: { history: true }, take: 5, skip: 0 })).toBeNull();
    expect(await readComplaintPage(t.db, head, {}, { select: { id: true }, take: 5, skip: 0 })).toBeNull();
    expect(await readComplaintPage(t.db, head, {}, { take: -5, skip: 0 })).toBeNull();
    expect(
      await readComplaintPage(t.db, head, { orderBy: 'REGISTER_NUMBER_ASC' }, { cursor: { id: demo.id }, take: 5, skip: 1 }),
    ).toBeNull();
  });
});
