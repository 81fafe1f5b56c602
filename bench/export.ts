// Complaints CSV export memory: the service streams 100,000 complaints through a signed link while the
// bench samples the process's memory; baseline in the same run: the same export of 1,000 complaints.
// Goal: growth below 50 MB for 100,000 (keyset pages of 1,000; nothing is held whole).
// PostgreSQL at BENCH_DATABASE_URL / TEST_DATABASE_URL; a throw-away database, dropped at the end.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { benchDatabase } from './postgres.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD, seedDemoData } from '../src/seed/demo.js';

const LARGE = Number(process.env.BENCH_ROWS ?? 100_000);
const SMALL = 1_000;
const MB = 1024 * 1024;
const execFileAsync = promisify(execFile);

/** Complaints received one minute apart, every 50th confidential (its identity logged when exported). */
function insertSql(agencyId: string, prefix: string, count: number, start: Date) {
  return `
    INSERT INTO "Complaint" (id, "agencyId", "trackingId", kind, title, content, category, "submittedAt", "dispatchedAt", "receivedAt",
      "firstReceivedAt", "reporterName", "reporterContact", confidential, status, round, version, "updatedAt")
    SELECT gen_random_uuid(), '${agencyId}'::uuid, '${prefix}-' || g, 'LAPORAN',
      'Laporan uji ekspor nomor ' || g, 'Isi laporan uji ekspor; jalan rusak di RT ' || (g % 40) || ', mohon segera diperbaiki.',
      'Sarana Olahraga', ts, ts, ts, ts, 'Pelapor ' || g, '0812' || lpad((g % 100000)::text, 6, '0'), g % 50 = 0, 'RECEIVED', 1, 1, now()
    FROM generate_series(1, ${count}) AS g, LATERAL (SELECT '${start.toISOString()}'::timestamptz + (g || ' minutes')::interval AS ts) t`;
}

async function measure(base: string, token: string, from: Date, to: Date) {
  const gql = async (query: string, variables: object) =>
    (await (
      await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as any;
  const r = await gql(
    `mutation($f: ComplaintFilter!) { exportComplaints(filter: $f) { ... on DocumentLink { url } ... on Error { message } } }`,
    {
      f: { receivedFrom: from.toISOString(), receivedTo: to.toISOString() },
    },
  );
  const url: string = r.data.exportComplaints.url;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const heapOf = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;
  const heapBefore = heapOf(process.memoryUsage());
  let heapPeak = heapBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, heapOf(m));
  }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // The download runs in a separate curl process, so only the service's memory is in this process.
  const { stdout, stderr } = await execFileAsync('sh', ['-c', 'curl -s -w "%{stderr}%{http_code} %{size_download}" "$0" | wc -l', url]);
  const [status, size] = stderr.trim().split(' ').map(Number);
  const lines = Number(stdout.trim());
  clearInterval(timer);
  (globalThis as { gc?: () => void }).gc?.();
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpu0);
  return {
    status: status!,
    rows: lines - 1,
    bytes: size!,
    ms: performance.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    growthMb: (peak - before) / MB,
    heapGrowthMb: (heapPeak - heapBefore) / MB,
  };
}

const database = await benchDatabase();
const app = await createApp(
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    SEED_DEMO: 'false',
  }),
  {
    sweep: false,
  },
);
try {
  await seedDemoData(app.services.db.prisma);
  const agency = await app.services.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  const small = { from: new Date('2025-01-01T00:00:00Z'), count: SMALL };
  const large = { from: new Date('2025-03-01T00:00:00Z'), count: LARGE };
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  const tInsert = performance.now();
  await c.query(insertSql(agency.id, 'SMALL', small.count, small.from));
  await c.query(insertSql(agency.id, 'LARGE', large.count, large.from));
  await c.query('ANALYZE "Complaint"');
  await c.end();
  console.log(`inserted ${(SMALL + LARGE).toLocaleString('en')} complaints with SQL in ${Math.round(performance.now() - tInsert)} ms`);

  const base = (await app.listen(0, '127.0.0.1')).replace(/\/graphql$/, '');
  const login = (await (
    await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(email: "admin@disporbudpar.demo", password: "${DEMO_PASSWORD}") { ... on AuthPayload { token } } }`,
      }),
    })
  ).json()) as any;
  const token = login.data.login.token;
  const end = (s: { from: Date; count: number }) => new Date(s.from.getTime() + (s.count + 1) * 60_000);
  // Warm-up (code paths, connections), then the baseline and the large export.
  await measure(base, token, small.from, end(small));
  const a = await measure(base, token, small.from, end(small));
  const b = await measure(base, token, large.from, end(large));
  const line = (label: string, m: typeof a) =>
    console.log(
      `${label}: HTTP ${m.status}, ${m.rows.toLocaleString('en')} rows, ${(m.bytes / MB).toFixed(1)} MB CSV in ${Math.round(m.ms)} ms (service CPU ${Math.round(m.cpuMs)} ms), memory growth ${m.growthMb.toFixed(1)} MB RSS, ${m.heapGrowthMb.toFixed(1)} MB heap+external (peak − before)`,
    );
  line(`baseline ${SMALL.toLocaleString('en')}`, a);
  line(`export ${LARGE.toLocaleString('en')}`, b);
  console.log(
    `rows ratio ${(b.rows / a.rows).toFixed(0)}×; memory growth ${b.growthMb.toFixed(1)} MB vs baseline ${a.growthMb.toFixed(1)} MB (goal: < 50 MB for ${LARGE.toLocaleString('en')})`,
  );
} catch (err) {
  // Printed before the DROP below ends the connections (whose errors would hide this one).
  console.error(err);
  process.exitCode = 1;
} finally {
  await app.close();
  await database.drop();
}
