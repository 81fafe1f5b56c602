// Import of a 10,000-row LAPOR! export on embedded PGlite (a file-backed data folder, as `npm start`
// uses), through the command with its progress bar: the first run receives every row, the second must
// find all 10,000 unchanged. Goal: the first run under 2 minutes. Baseline in the same run: 200 reports
// received one by one through receive() (the receiveComplaint path); the ratio compares per-row cost.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { runImportCommand, userReceiver } from '../src/import/command.js';
import { seedDemoData } from '../src/seed/demo.js';
import { receive } from '../src/sop/actions/receive.js';
import { csv, row } from '../test/import/fixtures.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const BASELINE = 200;
const dir = await mkdtemp(path.join(tmpdir(), 'tuntas-bench-import-'));
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(dir, 'data'), SEED_DEMO: 'false' });
let queries = 0;
const app = await createApp(config, { sweep: false, onQuery: () => queries++ });
try {
  await seedDemoData(app.services.db.prisma);
  const file = path.join(dir, 'export.csv');
  await writeFile(file, csv(Array.from({ length: ROWS }, (_, i) => row(i + 1))));
  const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l), progressStream: process.stderr };
  const args = ['complaints', file, '--as', 'admin@disporbudpar.demo'];

  const user = await app.services.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@disporbudpar.demo' } });
  const receiver = userReceiver(user);
  let t0 = performance.now();
  for (let i = 0; i < BASELINE; i++) {
    const r = row(900_000 + i);
    await receive(app.services, receiver, {
      agencyId: null,
      trackingId: r['ID Laporan'] as string,
      kind: 'LAPORAN',
      title: r['Judul Laporan'] as string,
      content: r['Isi Laporan'] as string,
      submittedAt: new Date('2026-11-02T01:15:00Z'),
      dispatchedAt: new Date('2026-11-03T02:00:00Z'),
    });
  }
  const baselineMs = performance.now() - t0;

  const baselineQueries = queries;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const first = await runImportCommand(args, app.services, io);
  const firstMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const importQueries = queries - baselineQueries;
  t0 = performance.now();
  const second = await runImportCommand(args, app.services, io);
  const secondMs = performance.now() - t0;

  const perRow = (ms: number, n: number) => (ms / n).toFixed(2);
  console.log(
    `\nbaseline: ${BASELINE} receive() calls one by one: ${(baselineMs / 1000).toFixed(1)} s (${perRow(baselineMs, BASELINE)} ms/report)`,
  );
  console.log(`baseline queries/report: ${(baselineQueries / BASELINE).toFixed(1)} (includes seeding)`);
  console.log(`import #1: ${ROWS} rows in ${(firstMs / 1000).toFixed(1)} s (${perRow(firstMs, ROWS)} ms/row), exit ${first}; goal < 120 s`);
  console.log(
    `import #1: CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of this process; ${(importQueries / ROWS).toFixed(1)} queries/row`,
  );
  console.log(`import #2: ${ROWS} rows in ${(secondMs / 1000).toFixed(1)} s, exit ${second}`);
  console.log(`ratio import ms/row ÷ baseline ms/report: ${(firstMs / ROWS / (baselineMs / BASELINE)).toFixed(2)}`);
} finally {
  await app.close();
  await rm(dir, { recursive: true, force: true });
}
