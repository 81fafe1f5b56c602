import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { seedDemoDeadlines } from '../../src/deadlines/demo-seed.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgencyId } from './fixtures.js';

const NOW = new Date('2026-07-15T10:00:00+07:00');
let t: TestApp;
let head: { token: string };
let admin: { token: string };
let coord: { token: string };

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(NOW) });
  expect(await seedDemoDeadlines(t.app.services)).toBe(7);
  head = { token: await t.login('kepala@disporbudpar.demo') };
  admin = { token: await t.login('admin@disporbudpar.demo') };
  coord = { token: await t.login('koordinator@lapor.demo') };
});
afterAll(() => t?.close());

it('demo complaints are in the register book, one line per registered report', async () => {
  const registered = await t.db.prisma.complaint.findMany({ where: { registerNumber: { not: null } }, select: { registerNumber: true } });
  const lines = await t.db.prisma.registerEntry.findMany({ select: { number: true } });
  expect(registered.length).toBeGreaterThan(0);
  expect(lines.map((l) => l.number).sort()).toEqual(registered.map((c) => c.registerNumber).sort());
});

const REPORT = `query($agencyId: ID, $from: DateTime!, $to: DateTime!) {
  timeStandardReport(agencyId: $agencyId, from: $from, to: $to) { __typename
    ... on TimeStandardReport { agency { code }
      steps { step activity minMinutes maxMinutes count withinStandard overStandard extended medianMinutes division { code } }
      byDivision { step division { code } count withinStandard overStandard medianMinutes } }
    ... on Error { code message } } }`;
const UPDATE = `mutation($agencyId: ID, $step: Int!, $min: Int!, $max: Int!) {
  updateTimeStandard(agencyId: $agencyId, step: $step, minMinutes: $min, maxMinutes: $max) { __typename
    ... on TimeStandard { step minMinutes maxMinutes isDefault agency { code } }
    ... on InvalidInputError { issues { field } }
    ... on Error { code message } } }`;
const PERIOD = { from: '2026-04-01T00:00:00+07:00', to: '2026-07-16T00:00:00+07:00' };

describe('time standards on the demo data', () => {
  it('the report lists steps 1–7 with counts within and over the standard and the median', async () => {
    const r = await t.gql(REPORT, PERIOD, head);
    const report = r.data.timeStandardReport;
    expect(report.__typename).toBe('TimeStandardReport');
    expect(report.steps.map((s: any) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const step = (n: number) => report.steps.find((s: any) => s.step === n);
    expect(step(1)).toMatchObject({ count: 7, overStandard: 2, withinStandard: 5, minMinutes: 10, maxMinutes: 20 }); // 35 and 25 min (0002, 0005)
    expect(step(3)).toMatchObject({ count: 5, overStandard: 1 }); // the head took 140 min once
    expect(step(5)).toMatchObject({ count: 4, overStandard: 1, minMinutes: 510, maxMinutes: 2550 }); // Pariwisata took 6 days
    // 0003's deadline was extended before its follow-up: its steps 4 (two divisions) and 5 count apart.
    expect(step(4)).toMatchObject({ extended: 2 });
    expect(step(5)).toMatchObject({ extended: 1, withinStandard: 2 });
    expect(step(7)).toMatchObject({ count: 2, overStandard: 0, medianMinutes: 35 });
    const pariwisata = report.byDivision.find((d: any) => d.step === 5 && d.division.code === 'PARIWISATA');
    expect(pariwisata).toMatchObject({ count: 1, overStandard: 1, medianMinutes: 6 * 510 });
    expect(report.byDivision.every((d: any) => d.step === 4 || d.step === 5)).toBe(true);
  });

  it('the demo complaints show their deadlines: one follow-up overdue, one past the Ombudsman date, one awaiting feedback', async () => {
    const rows = await t.db.prisma.complaint.findMany({
      where: { trackingId: { startsWith: 'LAP-DEMO-' } },
      orderBy: { trackingId: 'asc' },
    });
    expect(rows.map((c) => c.status)).toEqual([
      'CLOSED',
      'RESPONSE_DELIVERED',
      'IN_FOLLOW_UP',
      'DISPOSED',
      'REGISTERED',
      'IN_FOLLOW_UP',
      'REGISTERED',
    ]);
    // 0007 is paused (tunda): no follow-up due date while it waits; 0003 was extended by 7 working days.
    expect(rows[6]).toMatchObject({ pauseReason: 'AWAITING_REPORTER', followUpDueAt: null });
    expect(rows[2]).toMatchObject({ followUpExtensionDays: 7, followUpExtendedRound: 1 });
    expect(rows[1]!.hasOversight).toBe(true);
    expect(rows[0]!.categoryId).not.toBeNull();
    expect(await t.db.prisma.responseTemplate.count()).toBe(2);
    const r = await t.app.sweeper.sweepOnce(NOW);
    expect(r.escalated).toBe(1); // LAP-DEMO-0006
    expect(r.overdue).toBeGreaterThanOrEqual(2); // 0005 (7 working days) and 0006
    expect(rows[1]!.autoCloseAt).not.toBeNull();
  });

  it('an ADMIN sets its own agency’s standard; the COORDINATOR the default; the report follows', async () => {
    const mine = await t.gql(UPDATE, { step: 3, min: 30, max: 180 }, admin);
    expect(mine.data.updateTimeStandard).toMatchObject({ step: 3, maxMinutes: 180, isDefault: false, agency: { code: 'DISPORBUDPAR' } });
    const r = await t.gql(REPORT, PERIOD, head);
    expect(r.data.timeStandardReport.steps.find((s: any) => s.step === 3)).toMatchObject({ overStandard: 0, maxMinutes: 180 });
    const def = await t.gql(UPDATE, { step: 1, min: 10, max: 40 }, coord);
    expect(def.data.updateTimeStandard).toMatchObject({ isDefault: true, maxMinutes: 40, agency: null });
    const agencyId = encodeGlobalID('Agency', await demoAgencyId(t.db.prisma));
    const viaCoord = await t.gql(REPORT, { ...PERIOD, agencyId }, coord);
    expect(viaCoord.data.timeStandardReport.steps[0]).toMatchObject({ overStandard: 0, maxMinutes: 40 });
  });

  it('bad input: typed errors, nothing written', async () => {
    const before = await t.db.prisma.timeStandard.findMany({ orderBy: { id: 'asc' } });
    const bad = await t.gql(UPDATE, { step: 9, min: 50, max: 10 }, admin);
    expect(bad.data.updateTimeStandard.issues.map((i: any) => i.field).sort()).toEqual(['maxMinutes', 'step']);
    const other = await t.db.prisma.agency.create({ data: { code: 'DISHUB', name: 'Dinas Perhubungan', regency: 'Kabupaten Demo' } });
    const foreign = await t.gql(UPDATE, { agencyId: encodeGlobalID('Agency', other.id), step: 1, min: 1, max: 2 }, admin);
    expect(foreign.data.updateTimeStandard.code).toBe('NOT_FOUND');
    const coordAgency = await t.gql(UPDATE, { agencyId: encodeGlobalID('Agency', other.id), step: 1, min: 1, max: 2 }, coord);
    expect(coordAgency.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.prisma.timeStandard.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    const reportForeign = await t.gql(REPORT, { ...PERIOD, agencyId: encodeGlobalID('Agency', other.id) }, head);
    expect(reportForeign.data.timeStandardReport.code).toBe('NOT_FOUND');
    const backwards = await t.gql(REPORT, { from: PERIOD.to, to: PERIOD.from }, head);
    expect(backwards.data.timeStandardReport.code).toBe('INVALID_INPUT');
    const division = await t.gql(REPORT, PERIOD, { token: await t.login('olahraga@disporbudpar.demo') });
    expect(division.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('start-up on an empty embedded database', () => {
  it('seeds the demo complaints along with the demo users, once', async () => {
    const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        SEED_DEMO: 'true',
      });
      await (await createApp(config, { db, clock: new ManualClock(NOW) })).close();
      await (await createApp(config, { db, clock: new ManualClock(NOW) })).close();
      expect(await db.prisma.complaint.count({ where: { trackingId: { startsWith: 'LAP-DEMO-' } } })).toBe(7);
    } finally {
      await db.close();
    }
  });
});
