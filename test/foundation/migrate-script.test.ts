// `npm run db:migrate` (scripts/migrate.ts) on the embedded database and on PostgreSQL: applies what
// is pending, records it, and a second run has nothing to do. Both cases in both suite passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { pendingMigrations, readMigrations } from '../../src/db/migrate.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'tuntas-migrate-'));
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
  rmSync(root, { recursive: true, force: true });
});

function migrate(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const all = readMigrations().length;

describe('npm run db:migrate', () => {
  it('applies every migration to an empty PostgreSQL database, then nothing', async () => {
    const d = await createPostgresDatabase();
    dbs.push(d);
    const first = migrate({ DATABASE_URL: d.url! });
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(`applied ${all} migration(s)`);
    const second = migrate({ DATABASE_URL: d.url! });
    expect(second.out).toContain(`applied 0 migration(s); ${all} already applied`);
    const db = await d.open();
    try {
      expect(await db.withSession((s) => pendingMigrations(s))).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('leaves the embedded database in DATA_DIR fully migrated', async () => {
    const dataDir = path.join(root, 'data');
    const first = migrate({ DATA_DIR: dataDir });
    expect(first).toMatchObject({ code: 0 });
    // From the install-time template some or all are already recorded; together they are all there.
    expect(first.out).toMatch(/applied (\d+) migration\(s\).*; (\d+) already applied/);
    const [, applied, already] = /applied (\d+) migration\(s\).*; (\d+) already applied/.exec(first.out)!;
    expect(Number(applied) + Number(already)).toBe(all);
    const second = migrate({ DATA_DIR: dataDir });
    expect(second.out).toContain(`applied 0 migration(s); ${all} already applied`);
    const db = await openDatabase({ databaseUrl: null, dataDir });
    try {
      expect(await db.withSession((s) => pendingMigrations(s))).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
