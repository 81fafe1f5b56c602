// Bad backups and bad targets: one clear line (a BackupError), and nothing half-restored: the target
// folder is not created (or keeps what it had), a PostgreSQL target stays empty.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restore } from '../../src/backup/commands.js';
import { sealBackup, writeBackup } from '../../src/backup/files.js';
import { decodeSnapshot, encodeSnapshot, readSnapshot, type Snapshot } from '../../src/backup/logical.js';
import { receive } from '../complaints/fixtures.js';
import { loginStaff } from '../lifecycle/steps.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { command } from '../support/commands.js';
import { createPostgresDatabase, TEST_DB } from '../support/database.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-bad-restore-'));
let t: TestApp;
let good: string;
let snap: Snapshot;

beforeAll(async () => {
  t = await startTestApp();
  const staff = await loginStaff(t);
  for (let i = 0; i < 3; i++) await receive(t, staff.admin);
  snap = await t.db.readSnapshot((s) => readSnapshot(s, t.db.kind));
  good = writeBackup(path.join(root, 'good'), 'logical', new Date(), encodeSnapshot(snap));
});
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A backup file with a valid checksum file, made from `data`. */
function sealed(name: string, data: Buffer): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'tuntas-20260101T000000000Z.backup.gz');
  writeFileSync(file, data);
  sealBackup(file);
  return file;
}

function leftovers(dir: string) {
  return readdirSync(path.dirname(dir)).filter((n) => n.includes('.restore-'));
}

describe('restore refuses bad input and leaves nothing half-restored', () => {
  it('restores the good backup (the control case)', async () => {
    const dir = path.join(root, 'ok');
    const r = await restore({ file: good, databaseUrl: null, dataDir: dir });
    expect(r.report!.rows).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
  }, 120_000);

  it.each([
    [
      'truncated',
      () => sealed('truncated', readFileSync(good).subarray(0, Math.floor(readFileSync(good).length / 2))),
      /^the backup is corrupt or truncated/,
    ],
    [
      'checksum mismatch',
      () => {
        const file = sealed('flipped', readFileSync(good));
        const bytes = readFileSync(file);
        bytes[bytes.length - 10]! ^= 0xff;
        writeFileSync(file, bytes);
        return file;
      },
      /^checksum mismatch: tuntas-.* is damaged or was changed/,
    ],
    [
      'no checksum file',
      () => {
        const file = sealed('unsealed', readFileSync(good));
        rmSync(`${file}.sha256`);
        return file;
      },
      /^no checksum file .* beside the backup/,
    ],
    [
      'newer schema',
      () => {
        const s = decodeSnapshot(readFileSync(good));
        s.header.migrations.push({ name: '29991231000000_from_the_future', checksum: 'f'.repeat(64) });
        return sealed('newer', encodeSnapshot(s));
      },
      /^the backup comes from a newer schema \(migration 29991231000000_from_the_future is unknown to this tuntas\)/,
    ],
    ['not a backup', () => sealed('text', Buffer.from('hello, this is not a backup\n')), /neither a tuntas backup nor a pg_dump archive/],
  ])('%s: one line, no target folder', async (_name, make, message) => {
    const file = make();
    const dir = path.join(root, `target-${_name.replace(/\W/g, '-')}`);
    const err = await restore({ file, databaseUrl: null, dataDir: dir }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    expect(existsSync(dir)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a row that fails to load half-way: rolled back, the temporary folder removed, no target', async () => {
    const s = decodeSnapshot(readFileSync(good));
    const last = s.tables.filter((x) => x.rows.length > 0).at(-1)!;
    last.rows[last.rows.length - 1] = '{"id": "not-a-uuid"}';
    const file = sealed('bad-row', encodeSnapshot(s));
    const dir = path.join(root, 'target-bad-row');
    await expect(restore({ file, databaseUrl: null, dataDir: dir })).rejects.toThrow(/^restore failed, nothing was changed: /);
    expect(existsSync(dir)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  }, 120_000);

  it('a non-empty folder is refused and kept as it was; the command prints one line and exits 1', async () => {
    const dir = path.join(root, 'occupied');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keep.txt'), 'precious');
    const r = await command('restore', [good, '--data-dir', dir], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tuntas: the data folder .*occupied is not empty; restore into a new folder \(--data-dir\) or use --force/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  }, 120_000);

  it('an unreachable PostgreSQL is one line', async () => {
    await expect(restore({ file: good, databaseUrl: 'postgresql://postgres@127.0.0.1:1/nowhere', dataDir: root })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere: /,
    );
  });
});

describe.runIf(TEST_DB === 'postgres')('restore into PostgreSQL', () => {
  it('restores into an empty database; a failing row leaves another empty database empty', async () => {
    const ok = await createPostgresDatabase();
    const bad = await createPostgresDatabase();
    try {
      const r = await restore({ file: good, databaseUrl: ok.url, dataDir: root });
      expect(r.report!.rows).toBeGreaterThan(0);
      const s = decodeSnapshot(readFileSync(good));
      const last = s.tables.filter((x) => x.rows.length > 0).at(-1)!;
      last.rows[0] = '{"id": "not-a-uuid"}';
      const file = sealed('bad-row-pg', encodeSnapshot(s));
      await expect(restore({ file, databaseUrl: bad.url, dataDir: root })).rejects.toThrow(/^restore failed, nothing was changed/);
      const c = new pg.Client({ connectionString: bad.url! });
      await c.connect();
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
      );
      await c.end();
      expect(rows[0].n).toBe(0);
      // And the good one, restored, refuses a second restore without --force.
      await expect(restore({ file: good, databaseUrl: ok.url, dataDir: root })).rejects.toThrow(/^the target database is not empty/);
    } finally {
      await ok.drop();
      await bad.drop();
    }
  }, 120_000);
});
