// The fold_audit_tables migration: rows of the old DocumentExport and ClockPolicyChange tables become
// AdminEvent rows (DOCUMENT_EXPORTED, CLOCK_POLICY_*) in time order, and the tables are gone.
// Applied on a database holding rows written before it, as an upgraded installation has.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { applyMigrations, readMigrations } from '../../src/db/migrate.js';
import { createPostgresDatabase, TEST_DB, type TestDatabase } from '../support/database.js';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function emptyDatabase(): Promise<Database> {
  if (TEST_DB === 'postgres') {
    const d: TestDatabase = await createPostgresDatabase();
    cleanup.push(() => d.drop());
    const db = await d.open();
    cleanup.push(() => db.close());
    return db;
  }
  // initdb, not the template: the template has every migration applied already.
  const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://', noTemplate: true });
  cleanup.push(() => db.close());
  return db;
}

describe('fold_audit_tables', () => {
  it('copies every export and clock policy change into AdminEvent, then drops the old tables', async () => {
    const db = await emptyDatabase();
    const all = readMigrations();
    const fold = all.findIndex((m) => m.name.endsWith('_fold_audit_tables'));
    expect(fold).toBeGreaterThan(0);
    await db.withSession((s) => applyMigrations(s, all.slice(0, fold)));

    const [user, coordinator, agency, link] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO "AdminEvent" ("actorRole", action, entity, "entityId", at) VALUES ('SYSTEM', 'AGENCY_CREATED', 'Agency', $1, '2026-11-01T00:00:00Z')`,
      [agency],
    );
    await db.query(
      `INSERT INTO "DocumentExport" ("linkId", "userId", role, "agencyId", kind, format, parameters, "fileName", "rowCount", "confidentialRevealed", at)
       VALUES ($1, $2, 'ADMIN', $3, 'COMPLAINTS_CSV', 'CSV', '{"filter":{"receivedFrom":"2026-11-01T00:00:00Z"}}', 'pengaduan.csv', 12, 1, '2026-11-20T03:00:00Z')`,
      [link, user, agency],
    );
    await db.query(
      `INSERT INTO "ClockPolicyChange" ("agencyId", "actorId", "actorRole", action, before, after, recomputed, at) VALUES
         (NULL, $1, 'COORDINATOR', 'PRESET', '{}', '{"LAPORAN":14}', 3, '2026-11-10T03:00:00Z'),
         ($2, $3, 'ADMIN', 'CLEAR', '{"LAPORAN":10}', '{}', 0, '2026-11-25T03:00:00Z')`,
      [coordinator, agency, user],
    );

    const report = await db.withSession((s) => applyMigrations(s, all));
    expect(report.applied).toContain(all[fold]!.name);

    const rows = await db.query<Record<string, unknown>>(
      `SELECT "actorId", "actorRole"::text, action::text, "agencyId", entity, "entityId", before, after, detail FROM "AdminEvent" ORDER BY id`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ action: 'AGENCY_CREATED' }),
      {
        actorId: coordinator,
        actorRole: 'COORDINATOR',
        action: 'CLOCK_POLICY_PRESET_APPLIED',
        agencyId: null,
        entity: 'ClockPolicy',
        entityId: 'REGENCY',
        before: {},
        after: { LAPORAN: 14 },
        detail: { recomputedComplaints: 3 },
      },
      {
        actorId: user,
        actorRole: 'ADMIN',
        action: 'DOCUMENT_EXPORTED',
        agencyId: agency,
        entity: 'Document',
        entityId: link,
        before: null,
        after: null,
        detail: {
          kind: 'COMPLAINTS_CSV',
          format: 'CSV',
          parameters: { filter: { receivedFrom: '2026-11-01T00:00:00Z' } },
          fileName: 'pengaduan.csv',
          rowCount: 12,
          confidentialRevealed: 1,
        },
      },
      {
        actorId: user,
        actorRole: 'ADMIN',
        action: 'CLOCK_POLICY_CLEARED',
        agencyId: agency,
        entity: 'ClockPolicy',
        entityId: agency,
        before: { LAPORAN: 10 },
        after: {},
        detail: { recomputedComplaints: 0 },
      },
    ]);
    const gone = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('DocumentExport', 'ClockPolicyChange')`,
    );
    expect(gone[0]!.n).toBe(0);
    // The copies are as append-only as every other audit row.
    await expect(db.query(`DELETE FROM "AdminEvent" WHERE action = 'DOCUMENT_EXPORTED'`)).rejects.toThrow(/append-only/);
  }, 300_000);
});
