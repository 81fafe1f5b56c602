// Several instances sweeping one PostgreSQL at once: each closure, escalation and event happens
// exactly once. Always on PostgreSQL (PGlite is a single connection), in both suite passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Database } from '../../src/db/database.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { autoCloseCandidatesQuery, createDeadlineSweeper, dueRowsQuery, MARKER_TASK_LIST } from '../../src/deadlines/sweeper.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';
import { demoAgencyId, insertComplaint } from './fixtures.js';

const at = (iso: string) => new Date(iso);
let pg: TestDatabase;
let dbs: Database[] = [];
let apps: TestApp[] = [];

beforeAll(async () => {
  pg = await createPostgresDatabase();
  dbs = [await pg.open(), await pg.open()];
  const clock = new ManualClock(at('2026-03-17T10:00:00+07:00'));
  apps = [await startTestApp({ clock, database: { db: dbs[0]! } }), await startTestApp({ clock, database: { db: dbs[1]! }, seed: false })];
});
afterAll(async () => {
  for (const a of apps) await a.close();
  for (const d of dbs) await d.close();
  await pg?.drop();
});

describe('two instances sweeping at once', () => {
  it('each auto-close and each escalation happens exactly once', async () => {
    const [a, b] = apps as [TestApp, TestApp];
    const agencyId = await demoAgencyId(a.db.prisma);
    const N = 40;
    const delivered = at('2026-03-25T09:00:00+07:00');
    const toClose = [];
    const toEscalate = [];
    for (let i = 0; i < N; i++) {
      toClose.push(
        await insertComplaint(a.app.services, {
          agencyId,
          receivedAt: at('2026-03-17T10:00:00+07:00'),
          status: 'RESPONSE_DELIVERED',
          responseDeliveredAt: delivered,
        }),
      );
      toEscalate.push(await insertComplaint(a.app.services, { agencyId, receivedAt: at('2026-03-17T10:00:00+07:00'), status: 'DISPOSED' }));
    }
    const now = at('2026-05-20T10:00:00+07:00'); // past both the auto-close and the Ombudsman due
    a.clock.set(now);
    // Small batches so the two instances interleave; four sweepers per instance at once.
    const sweepers = [a, b].flatMap((x) => Array.from({ length: 4 }, () => createDeadlineSweeper(x.app.services, { batchSize: 3 })));
    const reports = await Promise.all(sweepers.map((s) => s.sweepOnce(now)));
    const total = (k: 'autoClosed' | 'escalated' | 'overdue') => reports.reduce((n, r) => n + r[k], 0);
    expect(total('autoClosed')).toBe(N);
    expect(total('escalated')).toBe(N);
    expect(total('overdue')).toBe(N); // the DISPOSED ones are also past the follow-up due

    const p = a.db.prisma;
    const closeRows = await p.complaintHistory.groupBy({ by: ['complaintId'], where: { action: 'AUTO_CLOSE' }, _count: true });
    expect(closeRows).toHaveLength(N);
    expect(closeRows.every((r) => r._count === 1)).toBe(true);
    const escRows = await p.complaintHistory.groupBy({ by: ['complaintId'], where: { action: 'ESCALATE_TO_OMBUDSMAN' }, _count: true });
    expect(escRows).toHaveLength(N);
    expect(escRows.every((r) => r._count === 1)).toBe(true);
    expect(await p.deadlineEvent.count({ where: { kind: 'AUTO_CLOSED' } })).toBe(N);
    expect(await p.deadlineEvent.count({ where: { kind: 'ESCALATED_TO_OMBUDSMAN' } })).toBe(N);
    expect(await p.complaint.count({ where: { id: { in: toClose.map((c) => c.id) }, status: 'CLOSED' } })).toBe(N);
    expect(
      await p.complaint.count({ where: { id: { in: toEscalate.map((c) => c.id) }, status: 'DISPOSED', escalatedAt: { not: null } } }),
    ).toBe(N);

    // And again: nothing left to do.
    const again = await Promise.all(sweepers.map((s) => s.sweepOnce(now)));
    expect(again.every((r) => r.autoClosed + r.escalated + r.overdue + r.warnings === 0)).toBe(true);
  });

  it('the due-row queries read the partial indexes (EXPLAIN on PostgreSQL)', async () => {
    const p = apps[0]!.db.prisma;
    const now = at('2026-05-20T10:00:00+07:00');
    await p.$executeRawUnsafe('ANALYZE "Complaint"');
    await p.$transaction(async (tx) => {
      // With a few dozen rows a sequential scan is cheaper; this asks whether the index CAN serve it.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      for (const task of MARKER_TASK_LIST) {
        const plan = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${dueRowsQuery(task, now, 100)}`);
        const text = plan.map((r) => r['QUERY PLAN']).join('\n');
        expect(text, `${task.deadline}/${task.kind}`).toMatch(/Index (Only )?Scan using "?Complaint_\w+_(due|warn)_idx/);
      }
      const plan = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${autoCloseCandidatesQuery(now, 100)}`);
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using "?Complaint_autoCloseAt_idx/);
    });
  });
});
