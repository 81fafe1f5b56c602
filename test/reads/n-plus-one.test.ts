// A page of complaints with everything the SOP steps left on them runs a fixed number of SQL
// statements, whatever the page size (counted through the database's onQuery hook).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_STATUSES } from '../../src/sop/vocabulary.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgency, EMAIL, makeComplaint } from './fixtures.js';

let t: TestApp;
const statements: string[] = [];
let recording = false;

const PAGE = `query($first: Int!) { complaints(first: $first) {
  totalCount
  edges { node {
    id trackingId status round allowedActions registerNumber
    agency { name }
    reporter { name contact } reporterHidden
    dispositions { instructions note priority divisions { code name } disposedBy { name } }
    divisions { code }
    followUpPlans { round plan division { code } formulatedBy { name } }
    followUpResults { round facts division { code } evidence { name url } recordedBy { name } }
    followUpReports { round text compiledBy { name } }
    responses { round postedAt deliveredBy { name } }
    feedbacks { round satisfied recordedBy { name } }
    attachments { name }
    history { action actorRole at }
  } }
} }`;

async function countStatements(first: number, token: { token: string }) {
  statements.length = 0;
  recording = true;
  const r = await t.gql(PAGE, { first }, token);
  recording = false;
  expect(r.errors).toBeUndefined();
  expect(r.data.complaints.edges).toHaveLength(first);
  return statements.length;
}

beforeAll(async () => {
  t = await startTestApp({
    onQuery: (sql) => recording && statements.push(sql),
    // The outbox dispatcher's background statements would be counted too.
    appOptions: { dispatch: false },
  });
  const demo = await demoAgency(t.db.prisma);
  // Every sixth is not disposed yet, so the Kepemudaan division sees exactly 50.
  const disposed = COMPLAINT_STATUSES.filter((s) => !['RECEIVED', 'REGISTERED', 'RETURNED', 'ARCHIVED'].includes(s));
  for (let i = 0; i < 60; i++) {
    await makeComplaint(t.db.prisma, demo, {
      status: i % 6 === 0 ? (i % 12 === 0 ? 'RECEIVED' : 'REGISTERED') : disposed[i % disposed.length],
      round: 1 + (i % 3),
      divisions: i % 2 ? ['KEPEMUDAAN', 'OLAHRAGA'] : ['KEPEMUDAAN'],
      // Confidential reads by the HEAD are logged: the log write must be batched too.
      confidential: i % 4 === 0,
    });
  }
});
afterAll(() => t?.close());

describe('complaints page', () => {
  it('runs the same number of SQL statements for 10 and for 50 complaints with every nested list', async () => {
    for (const email of [EMAIL.head, EMAIL.kepemudaan, EMAIL.coordinator]) {
      const token = { token: await t.login(email) };
      const small = await countStatements(10, token);
      const large = await countStatements(50, token);
      expect(large, email).toBe(small);
      // A sanity bound: a handful per nested relation, not one per row.
      expect(small, email).toBeLessThan(40);
    }
  });

  it('the confidential-reporter log rows of a page are written by one INSERT', async () => {
    const token = { token: await t.login(EMAIL.head) };
    const before = await t.db.prisma.reporterAccessLog.count();
    await countStatements(50, token);
    const inserts = statements.filter((s) => /INSERT INTO "public"."ReporterAccessLog"/i.test(s));
    expect(inserts).toHaveLength(1);
    expect((await t.db.prisma.reporterAccessLog.count()) - before).toBeGreaterThan(5);
  });
});

// The page staff open many times a day (bench/http.ts measures it): a bounded, small number of SQL
// statements, the same for 5 and 50 rows.
const STAFF_LIST = `query($first: Int!) { complaints(first: $first) { totalCount edges { node {
  id trackingId status round registerNumber
  deadlines { followUp { dueAt overdue remainingWorkingDays } autoClose { dueAt remainingWorkingDays } ombudsman { dueAt escalated remainingDays } }
  divisions { code name }
  history { action actorRole at fromStatus toStatus }
} } } }`;

describe('the staff complaint list', () => {
  it('runs at most 10 SQL statements, the same number for 5 and for 50 rows', async () => {
    const token = { token: await t.login(EMAIL.head) };
    // Once first: the agency's working calendar is loaded on first use and then kept (calendars cache).
    expect((await t.gql(STAFF_LIST, { first: 1 }, token)).errors).toBeUndefined();
    const counts: number[] = [];
    for (const first of [5, 50]) {
      statements.length = 0;
      recording = true;
      const r = await t.gql(STAFF_LIST, { first }, token);
      recording = false;
      expect(r.errors).toBeUndefined();
      expect(r.data.complaints.edges).toHaveLength(first);
      counts.push(statements.length);
    }
    expect(counts[1], statements.join('\n')).toBe(counts[0]);
    expect(counts[1], statements.join('\n')).toBeLessThanOrEqual(10);
  });
});
