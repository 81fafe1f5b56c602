// Moving from the embedded database to PostgreSQL: a demo database with a few hundred complaints in a
// PGlite folder is moved into an empty PostgreSQL database by `db:move`; two instances start on it and
// run the SOP walk; register numbers, history IDs and the append-only guards carry on. Always PGlite
// to PostgreSQL, so it runs in the PGlite pass only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { move } from '../../src/backup/commands.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { receive, REGISTER } from '../complaints/fixtures.js';
import { demoAgencyId, insertComplaint } from '../deadlines/fixtures.js';
import { complaintAt, loginStaff, step } from '../lifecycle/steps.js';
import { startTestApp } from '../support/app.js';
import { createPostgresDatabase, TEST_DB, type TestDatabase } from '../support/database.js';
import { command } from '../support/commands.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-move-'));
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const seqOf = (n: string) => Number(n.split('/')[0]);

describe.runIf(TEST_DB === 'pglite')('db:move from the embedded database to PostgreSQL', () => {
  it('moves a few hundred complaints, two instances run the SOP on it, register numbers continue', async () => {
    // 1. The embedded database, in a folder, with SOP traffic and a few hundred complaints.
    const dataDir = path.join(root, 'data');
    const embedded = await openDatabase({ databaseUrl: null, dataDir });
    const source = await startTestApp({ database: { db: embedded } });
    const staff = await loginStaff(source);
    const registered: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await receive(source, staff.admin);
      const r = await step(source, 'register', { id: c.id, v: c.version }, staff.admin);
      registered.push(r.registerNumber!);
    }
    await complaintAt(source, staff, 'RESPONSE_DELIVERED');
    const agencyId = await demoAgencyId(source.db.prisma);
    for (let i = 0; i < 300; i++)
      await insertComplaint(source.app.services, {
        agencyId,
        receivedAt: new Date(Date.now() - (i % 40) * 86_400_000),
        status: 'RECEIVED',
      });
    const lastSeq = Math.max(...(await source.db.prisma.registerEntry.findMany({ select: { seq: true } })).map((e) => e.seq));
    const complaints = await source.db.prisma.complaint.count();
    const historyMax = (await source.db.prisma.complaintHistory.aggregate({ _max: { id: true } }))._max.id!;
    expect(complaints).toBeGreaterThanOrEqual(300);
    await source.close();
    await embedded.close();

    // 2. Bad input first: an unreachable server and a non-empty target change nothing.
    await expect(move({ dataDir, to: 'postgresql://postgres@127.0.0.1:1/nowhere' })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/,
    );
    const target: TestDatabase = await createPostgresDatabase();
    cleanup.push(() => target.drop());
    const occupied: TestDatabase = await createPostgresDatabase();
    cleanup.push(() => occupied.drop());
    const c0 = new pg.Client({ connectionString: occupied.url! });
    await c0.connect();
    await c0.query('CREATE TABLE "Something" (x int)');
    await c0.end();
    const refused = await command('move', ['--to', occupied.url!, '--data-dir', dataDir], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(
      /^tuntas: the target database is not empty \(1 tables\/sequences in schema public\); use --force to replace it$/,
    );

    // 3. The move, as the operator runs it.
    const moved = await command('move', ['--to', target.url!, '--data-dir', dataDir], {});
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/every table's row count and content verified/);
    // Exactly these: the document export log and the clock policy audit are AdminEvent rows now.
    expect(moved.stdout).toMatch(
      /append-only guards in place on AdminEvent, ComplaintHistory, HolidayHistory, InternalNote, ReporterAccessLog$/m,
    );
    expect(moved.stdout).toMatch(/DATABASE_URL=/);
    expect(moved.stdout).toMatch(/JWT_SECRET=/);

    // 4. Two instances on the moved database.
    const dbs: Database[] = [await target.open(), await target.open()];
    const [a, b] = [
      await startTestApp({ database: { db: dbs[0]! }, seed: false }),
      await startTestApp({ database: { db: dbs[1]! }, seed: false }),
    ];
    cleanup.push(async () => {
      await a.close();
      await b.close();
      for (const d of dbs) await d.close();
    });
    expect(await a.db.prisma.complaint.count()).toBe(complaints);
    const staffA = await loginStaff(a);
    const staffB = await loginStaff(b);
    // The SOP walk, alternating instances; the register book continues after the last moved number.
    const walked = await complaintAt(a, staffA, 'RESPONSE_DELIVERED');
    const fresh = await receive(b, staffB.admin);
    const reg = await b.gql(REGISTER, { id: fresh.id, v: fresh.version }, staffB.admin);
    const numbers = [walked.registerNumber!, reg.data.registerComplaint.registerNumber as string].map(seqOf).sort((x, y) => x - y);
    expect(numbers).toEqual([lastSeq + 1, lastSeq + 2]);
    const delivered = await step(b, 'feedback', { id: walked.id, v: walked.version, satisfied: true }, staffB.admin);
    expect(delivered.status).toBe('CLOSED');
    // History IDs continue from the moved sequence; history still refuses UPDATE/DELETE.
    const newest = (await a.db.prisma.complaintHistory.aggregate({ _max: { id: true } }))._max.id!;
    expect(newest > historyMax).toBe(true);
    await expect(a.db.prisma.$executeRawUnsafe(`UPDATE "ComplaintHistory" SET summary = 'x' WHERE id = ${historyMax}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(a.db.prisma.$executeRawUnsafe(`DELETE FROM "ComplaintHistory" WHERE id = ${historyMax}`)).rejects.toThrow(/append-only/);
    expect(registered.length).toBe(6);
  }, 600_000);
});
