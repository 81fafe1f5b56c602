// Deadline sweep cost versus table size: one sweep over 1,000,000 complaints with 1,000 due, and over
// 10,000 complaints with the same 1,000 due. Goal: a ratio close to 1 (the sweeper reads partial
// indexes of pending items only). PostgreSQL at BENCH_DATABASE_URL / TEST_DATABASE_URL; each size gets
// a throw-away database, dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { createDeadlineSweeper, dueRowsQuery, MARKER_TASK_LIST, type SweepReport } from '../src/deadlines/sweeper.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-06-15T03:00:00.000Z'); // Monday 10:00 WIB
const DUE = { autoClose: 400, followUp: 300, ombudsman: 300 }; // 1,000 due items

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * `total` complaints: the 1,000 due ones, then the rest: 70% closed (no running clock), 24% open and
 * past their dates but already marked overdue / escalated by earlier sweeps (acted on: outside the
 * partial indexes), 6% open with clocks in the future.
 */
function fillSql(agencyId: string, total: number) {
  const ts = (d: Date) => `'${d.toISOString().slice(0, 23)}'::timestamp(3)`;
  const past = ts(new Date(NOW.getTime() - 3_600_000));
  const future = ts(new Date(NOW.getTime() + 20 * 86_400_000));
  const longAgo = ts(new Date(NOW.getTime() - 90 * 86_400_000));
  const a = DUE.autoClose, f = a + DUE.followUp, o = f + DUE.ombudsman;
  return `
    INSERT INTO "Complaint" (id, "agencyId", "trackingId", kind, title, content, "submittedAt", "dispatchedAt", "receivedAt",
      status, round, version, "updatedAt", "responseDeliveredAt", "autoCloseAt", "followUpDueAt", "followUpOverdueAt",
      "ombudsmanDueAt", "escalatedAt")
    SELECT gen_random_uuid(), '${agencyId}'::uuid, 'BENCH-' || g, 'LAPORAN', 'Laporan uji ' || (g % 97), 'Isi laporan uji beban',
      ${longAgo}, ${longAgo}, ${longAgo},
      (CASE WHEN g <= ${a} THEN 'RESPONSE_DELIVERED'
            WHEN g <= ${o} THEN 'IN_FOLLOW_UP'
            WHEN g % 10 < 7 THEN 'CLOSED'
            ELSE 'DISPOSED' END)::"ComplaintStatus",
      1, 1, now(),
      CASE WHEN g <= ${a} THEN ${longAgo} END,
      CASE WHEN g <= ${a} THEN ${past} END,
      CASE WHEN g > ${a} AND g <= ${f} THEN ${past}
           WHEN g > ${o} AND g % 10 >= 7 THEN (CASE WHEN g % 100 < 80 THEN ${past} ELSE ${future} END) END,
      CASE WHEN g > ${o} AND g % 10 >= 7 AND g % 100 < 80 THEN ${longAgo} END,
      CASE WHEN g > ${f} AND g <= ${o} THEN ${past}
           WHEN g > ${o} AND g % 10 >= 7 THEN (CASE WHEN g % 100 < 80 THEN ${past} ELSE ${future} END) END,
      CASE WHEN g > ${o} AND g % 10 >= 7 AND g % 100 < 80 THEN ${longAgo} END
    FROM generate_series(1, ${total}) AS g`;
}

async function measure(total: number): Promise<{ ms: number; report: SweepReport; plan: string }> {
  const name = `tuntas_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const clock = new ManualClock(NOW);
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url.toString(), JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01', SEED_DEMO: 'false' }),
    { clock, sweep: false },
  );
  try {
    const { prisma } = app.services.db;
    const agency = await prisma.agency.create({ data: { code: 'BENCH', name: 'Dinas Uji Beban', regency: 'Kabupaten Uji' } });
    const t0 = performance.now();
    await prisma.$executeRawUnsafe(fillSql(agency.id, total));
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "Complaint"');
    console.log(`  filled ${total.toLocaleString('en')} complaints in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const plan = (
      await prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${dueRowsQuery(MARKER_TASK_LIST.find((t) => t.kind === 'OVERDUE')!, NOW, 100)}`)
    )
      .map((r) => r['QUERY PLAN'])
      .filter((l) => /Scan/.test(l))
      .map((l) => l.trim())
      .join('; ');
    const sweeper = createDeadlineSweeper(app.services);
    await sweeper.sweepOnce(new Date(NOW.getTime() - 86_400_000 * 200)); // warm-up: nothing due then
    const t1 = performance.now();
    const report = await sweeper.sweepOnce(NOW);
    return { ms: performance.now() - t1, report, plan };
  } finally {
    await app.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

console.log(`Deadline sweep benchmark on ${new URL(SERVER).host} (1,000 due: ${DUE.autoClose} auto-close, ${DUE.followUp} follow-up overdue, ${DUE.ombudsman} Ombudsman)`);
const small = await measure(10_000);
console.log(`  10,000 complaints:    ${small.ms.toFixed(0)} ms  ${JSON.stringify(small.report)}\n    plan: ${small.plan}`);
const large = await measure(1_000_000);
console.log(`  1,000,000 complaints: ${large.ms.toFixed(0)} ms  ${JSON.stringify(large.report)}\n    plan: ${large.plan}`);
console.log(`\nsweep over 1,000,000 complaints with 1,000 due: ${large.ms.toFixed(0)} ms`);
console.log(`sweep over    10,000 complaints with 1,000 due: ${small.ms.toFixed(0)} ms`);
console.log(`ratio (1,000,000 / 10,000): ${(large.ms / small.ms).toFixed(2)}  (goal: close to 1)`);
