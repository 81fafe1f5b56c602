// Migration first_receipt_bundled_years on rows written before it: firstReceivedAt from the history
// (the earliest RECEIVE, kept through a dispatch), else receivedAt; national holidays seeded without
// history get a BUNDLED row; recorded user edits keep their role. On PGlite (no template) and PostgreSQL.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { applyMigrations, readMigrations } from '../../src/db/migrate.js';
import { createPostgresDatabase, TEST_DB, type TestDatabase } from '../support/database.js';

const MIGRATION = '20261130114823_first_receipt_bundled_years';
let db: Database | undefined;
let pgDb: TestDatabase | undefined;
afterAll(async () => {
  await db?.close();
  await pgDb?.drop();
});

describe(`migration ${MIGRATION}`, () => {
  it('fills firstReceivedAt from the history and records the seeded national holidays as BUNDLED', { timeout: 180_000 }, async () => {
    if (TEST_DB === 'postgres') {
      pgDb = await createPostgresDatabase();
      db = await pgDb.open();
    } else {
      db = await openDatabase({ databaseUrl: null, dataDir: 'memory://', noTemplate: true });
    }
    const all = readMigrations();
    const before = all.filter((m) => m.name < MIGRATION);
    expect(before.length).toBe(all.findIndex((m) => m.name === MIGRATION));

    await db.withSession(async (s) => {
      await applyMigrations(s, before);
      await s.exec(`
        INSERT INTO "Agency" (id, code, name, regency, "updatedAt") VALUES
          ('00000000-0000-0000-0000-00000000000a', 'A', 'Dinas A', 'Kabupaten Demo', now()),
          ('00000000-0000-0000-0000-00000000000b', 'B', 'Dinas B', 'Kabupaten Demo', now());
        INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES
          ('00000000-0000-0000-0000-0000000000c0', 'k@x', 'Koordinator', 'COORDINATOR', 'x', now());
        -- Received by A on 22 April 2026, dispatched to B on 12 May (the old code reset receivedAt).
        INSERT INTO "Complaint" (id, "agencyId", "trackingId", kind, title, content, "submittedAt", "dispatchedAt", "receivedAt", status, "updatedAt") VALUES
          ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-00000000000b', 'T-1', 'LAPORAN', 't', 'c',
           '2026-04-21 01:00', '2026-05-12 03:00', '2026-05-12 03:00', 'RECEIVED', now()),
          ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-00000000000a', 'T-2', 'LAPORAN', 't', 'c',
           '2026-04-21 01:00', '2026-04-22 01:00', '2026-04-23 03:00', 'RECEIVED', now());
        INSERT INTO "ComplaintHistory" ("complaintId", "actorRole", action, "toStatus", round, summary, at) VALUES
          ('00000000-0000-0000-0000-000000000001', 'ADMIN', 'RECEIVE', 'RECEIVED', 1, 'diterima', '2026-04-22 03:00'),
          ('00000000-0000-0000-0000-000000000001', 'ADMIN', 'RETURN', 'RETURNED', 1, 'bukan wewenang', '2026-04-30 02:00'),
          ('00000000-0000-0000-0000-000000000001', 'COORDINATOR', 'DISPATCH', 'RECEIVED', 1, 'dilimpahkan', '2026-05-12 03:00');
        INSERT INTO "Holiday" (id, date, kind, name, "updatedAt") VALUES
          ('00000000-0000-0000-0000-0000000000d1', '2026-01-01', 'LIBUR_NASIONAL', 'Tahun Baru', now()),
          ('00000000-0000-0000-0000-0000000000d2', '2027-01-01', 'LIBUR_NASIONAL', 'Tahun Baru', now());
        INSERT INTO "HolidayHistory" ("holidayId", "actorId", "actorRole", action, after) VALUES
          ('00000000-0000-0000-0000-0000000000d2', '00000000-0000-0000-0000-0000000000c0', 'COORDINATOR', 'CREATE', '{"date":"2027-01-01","kind":"LIBUR_NASIONAL"}');
      `);
      await applyMigrations(s, all);
      const complaints = await s.query<{ id: string; first: string; received: string }>(
        `SELECT id::text, to_char("firstReceivedAt", 'YYYY-MM-DD HH24:MI') AS first, to_char("receivedAt", 'YYYY-MM-DD HH24:MI') AS received FROM "Complaint" ORDER BY id`,
      );
      expect(complaints.map((c) => [c.first, c.received])).toEqual([
        ['2026-04-22 03:00', '2026-05-12 03:00'], // from the RECEIVE row, before the dispatch
        ['2026-04-23 03:00', '2026-04-23 03:00'], // no history: its receipt
      ]);
      const history = await s.query<{ holiday: string; role: string; action: string; source: string | null; date: string | null }>(
        `SELECT "holidayId"::text AS holiday, "actorRole"::text AS role, action, source, after->>'date' AS date FROM "HolidayHistory" ORDER BY id`,
      );
      expect(history).toEqual([
        { holiday: '00000000-0000-0000-0000-0000000000d2', role: 'COORDINATOR', action: 'CREATE', source: null, date: '2027-01-01' },
        {
          holiday: '00000000-0000-0000-0000-0000000000d1',
          role: 'SYSTEM',
          action: 'BUNDLED',
          source: expect.stringMatching(/holidays-id\.tsv/),
          date: '2026-01-01',
        },
      ]);
    });
  });
});
