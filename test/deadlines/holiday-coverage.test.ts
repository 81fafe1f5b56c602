import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(new Date('2026-11-28T03:00:00Z')) });
});
afterAll(() => t?.close());

const Q = `{ holidayCoverage { coveredYears missingYears warning } }`;

describe('holidayCoverage', () => {
  it('warns that 2027 has no national holidays yet, until the coordinator enters them', async () => {
    const head = { token: await t.login('kepala@disporbudpar.demo') };
    const before = await t.gql(Q, {}, head);
    expect(before.data.holidayCoverage).toMatchObject({ coveredYears: [2024, 2025, 2026], missingYears: [2027] });
    expect(before.data.holidayCoverage.warning).toMatch(/2027/);

    const coordinator = { token: await t.login('koordinator@lapor.demo') };
    const created = await t.gql(
      `mutation { createHoliday(input: { date: "2027-01-01", kind: LIBUR_NASIONAL, name: "Tahun Baru 2027 Masehi", legalBasis: "SKB 3 Menteri 2027" }) { __typename ... on Error { code message } } }`,
      {},
      coordinator,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createHoliday.__typename).toBe('HolidayChange');
    const after = await t.gql(Q, {}, head);
    expect(after.data.holidayCoverage).toEqual({ coveredYears: [2024, 2025, 2026, 2027], missingYears: [], warning: null });
  });

  it('is for signed-in staff only', async () => {
    expect((await t.gql(Q)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
