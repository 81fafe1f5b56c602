// A backup taken while SOP traffic keeps flowing restores into a new place, the service starts on it,
// every write acknowledged before the backup began is there, and the history is still append-only.
// The real service and the real commands, as child processes. Embedded database in the PGlite pass
// (the backup goes through the running service's control socket); PostgreSQL in the PostgreSQL pass
// (pg_dump / pg_restore).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { receiveInput } from '../complaints/fixtures.js';
import { createPostgresDatabase, TEST_DB, type TestDatabase } from '../support/database.js';
import { command } from '../support/commands.js';
import { gqlAt, startService, type Service } from '../support/service.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-backup-'));
const running: Service[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await s.stop('SIGKILL');
  for (const d of databases) await d.drop();
  rmSync(root, { recursive: true, force: true });
});

const JWT = { JWT_SECRET: 'backup-test-secret-backup-test-secret-0123' };

async function login(base: string) {
  const r = await gqlAt(base, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on AuthPayload { token } } }`, {
    e: 'admin@disporbudpar.demo',
    p: DEMO_PASSWORD,
  });
  const token = r.data?.login?.token as string | undefined;
  if (!token) throw new Error(`login failed: ${JSON.stringify(r)}`);
  return token;
}

const RECEIVE = `mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { __typename ... on Complaint { id version } } }`;
const REGISTER = `mutation($id: ID!, $v: Int!) { registerComplaint(id: $id, expectedVersion: $v) { __typename ... on Complaint { registerNumber } } }`;

/** SOP traffic: receive and register reports until stopped; returns what was acknowledged, in order. */
function sopWriters(base: string, token: string, writers: number) {
  const acknowledged: string[] = [];
  let stop = false;
  const one = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const input = receiveInput({ trackingId: `BK-${w}-${i}-${Date.now().toString(36)}` });
      const r = await gqlAt(base, RECEIVE, { input }, token).catch(() => null);
      const c = r?.data?.receiveComplaint;
      if (c?.__typename !== 'Complaint') continue;
      acknowledged.push(input.trackingId as string);
      if (i % 2 === 0) await gqlAt(base, REGISTER, { id: c.id, v: c.version }, token).catch(() => null);
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => one(w)));
  return {
    acknowledged,
    async stop() {
      stop = true;
      await done;
    },
  };
}

async function trackingIdsPresent(base: string, token: string, ids: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ids) {
    const r = await gqlAt(base, `query($t: String!) { complaintByTrackingId(trackingId: $t) { trackingId } }`, { t: id }, token);
    if (r.data?.complaintByTrackingId?.trackingId !== id) missing.push(id);
  }
  return missing;
}

async function untilAcknowledged(list: string[], n: number) {
  while (list.length < n) await new Promise((r) => setTimeout(r, 50));
}

/** UPDATE and DELETE on a history table fail; INSERT works (inside a rolled-back transaction). */
async function historyGuards(query: (sql: string) => Promise<unknown>) {
  const refused: string[] = [];
  for (const sql of [
    `UPDATE "ComplaintHistory" SET summary = 'diubah'`,
    `DELETE FROM "ComplaintHistory"`,
    `UPDATE "ComplaintHistory" SET "at" = now() WHERE id = (SELECT max(id) FROM "ComplaintHistory")`,
  ]) {
    await query(sql).then(
      () => undefined,
      (e: Error) => refused.push(e.message),
    );
  }
  return refused;
}

describe.runIf(TEST_DB === 'pglite')('backup and restore of the embedded database (real service)', () => {
  it('backs up while SOP writes continue, restores into a new folder, starts, and keeps every acknowledged write', async () => {
    const dataDir = path.join(root, 'data');
    const backups = path.join(root, 'backups');
    const svc = await startService({ DATA_DIR: dataDir, BACKUP_DIR: backups, LOG_LEVEL: 'info' });
    running.push(svc);
    const token = await login(svc.base);
    const traffic = sopWriters(svc.base, token, 4);
    await untilAcknowledged(traffic.acknowledged, 20);
    const beforeBackup = [...traffic.acknowledged];
    const b = await command('backup', ['--out', backups], { DATA_DIR: dataDir });
    const duringBackup = traffic.acknowledged.length - beforeBackup.length;
    await untilAcknowledged(traffic.acknowledged, traffic.acknowledged.length + 5); // writes go on afterwards
    await traffic.stop();
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/via running service/);
    expect(duringBackup).toBeGreaterThanOrEqual(0);
    const file = path.join(backups, readdirSync(backups).find((f) => f.endsWith('.backup.gz'))!);
    expect(existsSync(`${file}.sha256`)).toBe(true);

    // /readyz shows the newest backup.
    const ready = (await (await fetch(`${svc.base}/readyz`)).json()) as { backup: { newest: { file: string } | null } };
    expect(ready.backup.newest?.file).toBe(path.basename(file));
    expect(await svc.stop('SIGTERM')).toBe(0);

    const restoredDir = path.join(root, 'restored');
    const r = await command('restore', [file, '--data-dir', restoredDir], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/every table verified/);

    const again = await startService({ DATA_DIR: restoredDir, LOG_LEVEL: 'info' });
    running.push(again);
    expect(again.stdout()).toContain('"databaseOrigin":"existing"');
    const token2 = await login(again.base);
    expect(await trackingIdsPresent(again.base, token2, beforeBackup)).toEqual([]);
    // The register book continues: a new registration gets the next number after the restored ones.
    expect(await again.stop('SIGTERM')).toBe(0);

    const db = new PGlite(restoredDir);
    try {
      const refused = await historyGuards((sql) => db.query(sql));
      expect(refused).toHaveLength(3);
      expect(refused.every((m) => /append-only table/.test(m))).toBe(true);
      // INSERT is still allowed (history grows).
      await db.transaction(async (tx) => {
        const [h] = (await tx.query<{ complaintId: string }>(`SELECT "complaintId" FROM "ComplaintHistory" LIMIT 1`)).rows;
        await tx.query(
          `INSERT INTO "ComplaintHistory" ("complaintId","actorRole","action","round","summary") VALUES ($1,'SYSTEM','RECOMPUTE_DEADLINES',1,'uji')`,
          [h!.complaintId],
        );
        await tx.rollback();
      });
    } finally {
      await db.close();
    }

    // Bad input: each is one line on stderr, exit code 1, and the target is left untouched.
    const fresh = path.join(root, 'fresh');
    const nonEmpty = await command('restore', [file, '--data-dir', restoredDir], {});
    expect(nonEmpty.code).toBe(1);
    expect(nonEmpty.stderr.trim().split('\n')).toHaveLength(1);
    expect(nonEmpty.stderr).toMatch(/^tuntas: the data folder .* is not empty/);
    const noPg = await command('restore', [file, '--to', 'postgresql://postgres@127.0.0.1:1/nowhere'], {});
    expect(noPg.code).toBe(1);
    expect(noPg.stderr).toMatch(/^tuntas: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
    expect(existsSync(fresh)).toBe(false);
  }, 480_000);
});

describe.runIf(TEST_DB === 'postgres')('backup and restore on PostgreSQL (pg_dump, real service)', () => {
  it('backs up with pg_dump while SOP writes continue, restores into a new database, starts, and keeps every acknowledged write', async () => {
    const source = await createPostgresDatabase();
    const target = await createPostgresDatabase();
    databases.push(source, target);
    // The demo users: seeded by the embedded database only, so copy them in with a move first.
    const seedDir = path.join(root, 'seed');
    const seeder = await startService({ DATA_DIR: seedDir });
    running.push(seeder);
    expect(await seeder.stop('SIGTERM')).toBe(0);
    const moved = await command('move', ['--to', source.url!, '--data-dir', seedDir], {});
    expect(moved.code, moved.stderr).toBe(0);

    const backups = path.join(root, 'pg-backups');
    const svc = await startService({ DATABASE_URL: source.url!, ...JWT, LOG_LEVEL: 'info' });
    running.push(svc);
    const token = await login(svc.base);
    const traffic = sopWriters(svc.base, token, 4);
    await untilAcknowledged(traffic.acknowledged, 20);
    const beforeBackup = [...traffic.acknowledged];
    const b = await command('backup', ['--out', backups], { DATABASE_URL: source.url! });
    await untilAcknowledged(traffic.acknowledged, traffic.acknowledged.length + 5);
    await traffic.stop();
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/via pg_dump/);
    expect(await svc.stop('SIGTERM')).toBe(0);
    const file = path.join(backups, readdirSync(backups).find((f) => f.endsWith('.pgdump'))!);

    const r = await command('restore', [file, '--to', target.url!], {});
    expect(r.code, r.stderr).toBe(0);
    const again = await startService({ DATABASE_URL: target.url!, ...JWT, LOG_LEVEL: 'info' });
    running.push(again);
    const token2 = await login(again.base);
    expect(await trackingIdsPresent(again.base, token2, beforeBackup)).toEqual([]);
    expect(await again.stop('SIGTERM')).toBe(0);

    const c = new pg.Client({ connectionString: target.url! });
    await c.connect();
    try {
      const refused = await historyGuards((sql) => c.query(sql));
      expect(refused).toHaveLength(3);
      expect(refused.every((m) => /append-only table/.test(m))).toBe(true);
    } finally {
      await c.end();
    }
    // The restored database is not empty any more: a second restore refuses it.
    const twice = await command('restore', [file, '--to', target.url!], {});
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^tuntas: the target database .* is not empty; use --force/);
  }, 480_000);
});
