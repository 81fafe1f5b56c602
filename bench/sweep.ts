// Deadline sweep cost versus table size: one sweep over 1,000,000 complaints with 1,600 due (1,000 of
// them auto-closes), and over 10,000 complaints with the same. Goals (issue 12): 1,000 auto-closes
// through the workflow runner in < 5 s; a ratio ≤ 1.5 (the sweeper reads partial
// indexes of pending items only). PostgreSQL at BENCH_DATABASE_URL / TEST_DATABASE_URL; each size gets
// a throw-away database, dropped at the end.
//
// Per size: fill the background rows once (generate_series), then several rounds, each inserting
// 1,000 fresh due items and timing one sweepOnce. Round 0 warms up (connections, query plans, JIT) and
// is not counted; the reported time is the median of the measured rounds.
import { benchDatabase, SERVER } from './postgres.js';
import { createApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { createDeadlineSweeper, dueRowsQuery, MARKER_TASK_LIST, type SweepReport } from '../src/deadlines/sweeper.js';

const START = new Date('2026-06-15T03:00:00.000Z'); // Monday 10:00 WIB
const DAY = 86_400_000;
const DUE = { autoClose: 1000, followUp: 300, ombudsman: 300 }; // 1,600 due items per round
const DUE_TOTAL = DUE.autoClose + DUE.followUp + DUE.ombudsman;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3); // measured rounds, after one warm-up

const ts = (d: Date) => `'${d.toISOString().slice(0, 23)}'::timestamp(3)`;

const COLUMNS = `id, "agencyId", "trackingId", kind, title, content, "submittedAt", "dispatchedAt", "receivedAt",
  "firstReceivedAt", status, round, version, "updatedAt", "responseDeliveredAt", "autoCloseAt", "followUpDueAt", "followUpOverdueAt",
  "ombudsmanDueAt", "escalatedAt"`;

/**
 * The background: 70% closed (no running clock), 24% open and past their dates but already marked
 * overdue / escalated by earlier sweeps (acted on, so outside the partial indexes), 6% open with
 * clocks in the future (beyond every round).
 */
function backgroundSql(agencyId: string, count: number) {
  const longAgo = ts(new Date(START.getTime() - 90 * DAY));
  const past = ts(new Date(START.getTime() - 30 * DAY));
  const future = ts(new Date(START.getTime() + 60 * DAY));
  const openPast = `g % 10 >= 7 AND g % 100 < 94`;
  return `
    INSERT INTO "Complaint" (${COLUMNS})
    SELECT gen_random_uuid(), '${agencyId}'::uuid, 'BG-' || g, 'LAPORAN', 'Laporan uji ' || (g % 97), 'Isi laporan uji beban',
      ${longAgo}, ${longAgo}, ${longAgo}, ${longAgo},
      (CASE WHEN g % 10 < 7 THEN 'CLOSED' ELSE 'DISPOSED' END)::"ComplaintStatus", 1, 1, now(), NULL, NULL,
      CASE WHEN g % 10 >= 7 THEN (CASE WHEN ${openPast} THEN ${past} ELSE ${future} END) END,
      CASE WHEN ${openPast} THEN ${past} END,
      CASE WHEN g % 10 >= 7 THEN (CASE WHEN ${openPast} THEN ${past} ELSE ${future} END) END,
      CASE WHEN ${openPast} THEN ${past} END
    FROM generate_series(1, ${count}) AS g`;
}

/** 1,600 items due one hour before `sweepAt`: auto-close, follow-up overdue, Ombudsman (or a part). */
function dueSql(agencyId: string, round: number, sweepAt: Date, part: 'markers' | 'closures') {
  const due = ts(new Date(sweepAt.getTime() - 3_600_000));
  const longAgo = ts(new Date(sweepAt.getTime() - 90 * DAY));
  const a = DUE.autoClose,
    f = a + DUE.followUp;
  return `
    INSERT INTO "Complaint" (${COLUMNS})
    SELECT gen_random_uuid(), '${agencyId}'::uuid, 'DUE-${round}-' || g, 'LAPORAN', 'Laporan jatuh tempo', 'Isi',
      ${longAgo}, ${longAgo}, ${longAgo}, ${longAgo},
      (CASE WHEN g <= ${a} THEN 'RESPONSE_DELIVERED' ELSE 'IN_FOLLOW_UP' END)::"ComplaintStatus", 1, 1, now(),
      CASE WHEN g <= ${a} THEN ${longAgo} END,
      CASE WHEN g <= ${a} THEN ${due} END,
      CASE WHEN g > ${a} AND g <= ${f} THEN ${due} END, NULL,
      CASE WHEN g > ${f} THEN ${due} END, NULL
    FROM generate_series(${part === 'closures' ? 1 : a + 1}, ${part === 'closures' ? a : DUE_TOTAL}) AS g`;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
const list = (rs: Round[], k: keyof Round) => rs.map((r) => r[k].toFixed(0)).join(', ');

interface Round {
  ms: number;
  markersMs: number;
  closuresMs: number;
}

async function measure(total: number): Promise<{ ms: number; rounds: Round[]; report: SweepReport; plan: string }> {
  const database = await benchDatabase();
  const clock = new ManualClock(START);
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
      SEED_DEMO: 'false',
    }),
    { clock, sweep: false },
  );
  try {
    const { prisma } = app.services.db;
    const agency = await prisma.agency.create({ data: { code: 'BENCH', name: 'Dinas Uji Beban', regency: 'Kabupaten Uji' } });
    const t0 = performance.now();
    // Every round adds 1,000 rows; the background makes the total right for the measured rounds.
    await prisma.$executeRawUnsafe(backgroundSql(agency.id, total - DUE_TOTAL));
    await prisma.$executeRawUnsafe('VACUUM ANALYZE "Complaint"');
    console.log(`  ${total.toLocaleString('en')}: filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sweeper = createDeadlineSweeper(app.services);
    const times: Round[] = [];
    let report!: SweepReport;
    for (let round = 0; round <= ROUNDS; round++) {
      const sweepAt = new Date(START.getTime() + round * DAY);
      clock.set(sweepAt);
      // Two sweeps per round, to see the set-based marker updates and the closures separately.
      await prisma.$executeRawUnsafe(dueSql(agency.id, round, sweepAt, 'markers'));
      let t1 = performance.now();
      const markers = await sweeper.sweepOnce(sweepAt);
      const markersMs = performance.now() - t1;
      await prisma.$executeRawUnsafe(dueSql(agency.id, round, sweepAt, 'closures'));
      t1 = performance.now();
      const closures = await sweeper.sweepOnce(sweepAt);
      const closuresMs = performance.now() - t1;
      report = { warnings: 0, overdue: markers.overdue, escalated: markers.escalated, autoClosed: closures.autoClosed };
      if (report.autoClosed + report.overdue + report.escalated !== DUE_TOTAL) throw new Error(`round ${round}: ${JSON.stringify(report)}`);
      const r = { ms: markersMs + closuresMs, markersMs, closuresMs };
      if (round > 0) times.push(r);
      console.log(
        `    round ${round}${round === 0 ? ' (warm-up)' : ''}: ${r.ms.toFixed(0)} ms (600 overdue/escalations ${markersMs.toFixed(0)} ms, 1,000 closures ${closuresMs.toFixed(0)} ms)`,
      );
    }
    const plan = (
      await prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN ${dueRowsQuery(MARKER_TASK_LIST.find((t) => t.kind === 'OVERDUE')!, new Date(START.getTime() + 10 * DAY), 100)}`,
      )
    )
      .map((r) => r['QUERY PLAN'].trim())
      .filter((l) => /Scan using|Seq Scan/.test(l))
      .join(' | ');
    return { ms: median(times.map((r) => r.ms)), rounds: times, report, plan };
  } finally {
    await app.close();
    await database.drop();
  }
}

console.log(`Deadline sweep benchmark on PostgreSQL ${new URL(SERVER).host}`);
console.log(
  `1,600 due per sweep: ${DUE.autoClose} auto-close (workflow transition each), ${DUE.followUp} follow-up overdue, ${DUE.ombudsman} Ombudsman escalations`,
);
const small = await measure(10_000);
const large = await measure(1_000_000);
console.log(`\ndue-row scan plan (1,000,000): ${large.plan}`);
console.log(`\nsweep over 1,000,000 complaints with 1,600 due: ${large.ms.toFixed(0)} ms (median of ${list(large.rounds, 'ms')})`);
console.log(`sweep over    10,000 complaints with 1,600 due: ${small.ms.toFixed(0)} ms (median of ${list(small.rounds, 'ms')})`);
console.log(
  `ratio (1,000,000 / 10,000): ${(large.ms / small.ms).toFixed(2)}  (goal ≤ 1.5: ${large.ms / small.ms <= 1.5 ? 'met' : 'NOT met'})`,
);
const part = (k: 'markersMs' | 'closuresMs') => median(large.rounds.map((r) => r[k])) / median(small.rounds.map((r) => r[k]));
console.log(
  `  of which 600 overdue/escalations: ratio ${part('markersMs').toFixed(2)}; 1,000 closures: ratio ${part('closuresMs').toFixed(2)}`,
);
const closeMs = Math.max(...[small, large].map((s) => median(s.rounds.map((r) => r.closuresMs))));
console.log(
  `1,000 auto-closes (slower size, median): ${(closeMs / 1000).toFixed(2)} s  (goal < 5 s: ${closeMs < 5000 ? 'met' : 'NOT met'})`,
);
console.log(
  `load average: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
