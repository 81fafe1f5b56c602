// Migration races and failures are about PostgreSQL itself, so these always run on a real PostgreSQL
// database (created per test), in both suite passes.
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { applyMigrations, MigrationError, readMigrations } from '../../src/db/migrate.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function freshDb() {
  const d = await createPostgresDatabase();
  dbs.push(d);
  return d;
}

async function rows(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  it('two instances starting at the same moment on an empty database both come up; each migration applied once', async () => {
    const d = await freshDb();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: d.url!,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    });
    const apps = await Promise.all([createApp(config), createApp(config)]);
    try {
      const urls = await Promise.all(apps.map((a) => a.listen(0, '127.0.0.1')));
      for (const u of urls) {
        const ready = await fetch(u.replace('/graphql', '/readyz'));
        expect(ready.status).toBe(200);
      }
      const recorded = await rows(d.url!, `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1`);
      expect(recorded).toEqual(readMigrations().map((m) => ({ migration_name: m.name, n: 1 })));
      const [first] = await rows(
        d.url!,
        `SELECT checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name LIMIT 1`,
      );
      expect(first.checksum).toBe(readMigrations()[0]!.checksum);
      expect(first.finished_at).toBeInstanceOf(Date);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });

  it('a failing migration stops with a clear error and leaves the database as it was', async () => {
    const d = await freshDb();
    const db = await d.open();
    try {
      const good = readMigrations();
      const bad = { name: '99999999999999_broken', sql: 'CREATE TABLE "Half" (id int); SELECT 1/0;', checksum: 'x'.repeat(64) };
      await expect(db.withSession((s) => applyMigrations(s, [...good, bad]))).rejects.toThrow(MigrationError);
      await expect(db.withSession((s) => applyMigrations(s, [...good, bad]))).rejects.toThrow(
        /99999999999999_broken failed: division by zero/,
      );
      const half = await rows(d.url!, `SELECT to_regclass('"Half"') AS t`);
      expect(half[0].t).toBeNull();
      const names = (await rows(d.url!, `SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name);
      expect(names).toEqual(good.map((m) => m.name));
    } finally {
      await db.close();
    }
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const d = await freshDb();
    const db = await d.open();
    try {
      const ms = readMigrations();
      await db.withSession((s) => applyMigrations(s, ms));
      const edited = ms.map((m, i) => (i === 0 ? { ...m, checksum: '0'.repeat(64) } : m));
      await expect(db.withSession((s) => applyMigrations(s, edited))).rejects.toThrow(/changed after being applied/);
    } finally {
      await db.close();
    }
  });

  it('history rows cannot be updated or deleted, even with raw SQL', async () => {
    const d = await freshDb();
    const db = await d.open();
    try {
      await db.withSession((s) => applyMigrations(s));
      const agency = await db.prisma.agency.create({ data: { code: 'A', name: 'A', regency: 'R' } });
      const c = await db.prisma.complaint.create({
        data: {
          agencyId: agency.id,
          trackingId: 'T-1',
          kind: 'LAPORAN',
          title: 't',
          content: 'c',
          submittedAt: new Date(),
          dispatchedAt: new Date(),
          status: 'RECEIVED',
        },
      });
      await db.prisma.complaintHistory.create({
        data: { complaintId: c.id, actorRole: 'ADMIN', action: 'RECEIVE', toStatus: 'RECEIVED', round: 1, summary: 's' },
      });
      await expect(rows(d.url!, `UPDATE "ComplaintHistory" SET summary = 'x'`)).rejects.toThrow(/append-only/);
      await expect(rows(d.url!, `DELETE FROM "ComplaintHistory"`)).rejects.toThrow(/append-only/);
      expect(await db.prisma.complaintHistory.count()).toBe(1);
    } finally {
      await db.close();
    }
  });
});
