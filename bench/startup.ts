// Start-up times of the embedded database: `npm run bench -- startup` (or `npx tsx bench/startup.ts [runs]`).
// 1. the real service on an empty data folder and on a restart, as `npm start` runs it (compiled
//    dist/main.js, built first when stale) and through tsx (`npm run dev`, for comparison): time to
//    /readyz answering 200 (wall clock; the goals), to the "tuntas listening" log line, startupMs /
//    sinceProcessStartMs from that line, and the CPU time the process had used by then;
// 2. opening + migrating a database in-process, from the install-time template vs initdb, for a data
//    folder and for memory:// (what each PGlite test file does).
// Prints medians and ratios; wall times depend on the machine and its load, CPU time much less.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrate.js';
import { findTemplate } from '../src/db/pglite-template.js';

const runs = Number(process.argv[3] ?? process.argv[2] ?? 3) || 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;

interface Start {
  /** Spawn to /readyz 200. */
  wall: number;
  /** Spawn to the "tuntas listening" line. */
  listening: number;
  startupMs: number;
  sinceProcessStartMs: number;
  cpuMs: number;
  origin: string;
}

/** Starts the service, waits for "tuntas listening", stops it with SIGTERM. */
const COMPILED = ['dist/main.js'];
/** STARTUP_BASELINE=<folder>/main.js: another build (e.g. a copy of dist from before a change), started
 * alternately with dist in the same run, so the two are compared under the same load. */
const BASELINE = process.env.STARTUP_BASELINE ? [process.env.STARTUP_BASELINE] : null;
const TSX = ['--import', 'tsx', 'src/main.ts'];

function startService(dataDir: string, command = COMPILED): Promise<Start> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, command, {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let result: Start | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"tuntas listening"'));
      if (line && !result) {
        const log = JSON.parse(line);
        const listening = performance.now() - t0;
        result = {
          wall: 0,
          listening,
          startupMs: log.startupMs,
          sinceProcessStartMs: log.sinceProcessStartMs,
          cpuMs: log.cpuMs,
          origin: log.databaseOrigin,
        };
        const ready = new URL('/readyz', log.url);
        const poll = async (): Promise<void> => {
          const ok = await fetch(ready).then(
            (r) => r.status === 200,
            () => false,
          );
          if (ok) {
            result!.wall = performance.now() - t0;
            child.kill('SIGTERM');
          } else setTimeout(poll, 5);
        };
        void poll();
      }
    });
    child.on('exit', (code) => (result?.wall && code === 0 ? resolve(result) : reject(new Error(`service exited ${code}: ${out}`))));
  });
}

async function openTime(dataDir: string, noTemplate: boolean): Promise<number> {
  const t0 = performance.now();
  const db = await openDatabase({ databaseUrl: null, dataDir, noTemplate });
  await db.withSession((s) => applyMigrations(s));
  const t = performance.now() - t0;
  await db.close();
  return t;
}

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-bench-'));
try {
  console.log(`template: ${findTemplate() ? 'present' : 'MISSING (run npm run db:template)'}; ${runs} run(s) each\n`);
  // What `npm start` does first (prestart): build dist/ when a source file is newer.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const first: Start[] = [];
  const again: Start[] = [];
  const firstTsx: Start[] = [];
  const againTsx: Start[] = [];
  const firstBase: Start[] = [];
  const againBase: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = path.join(root, `svc-${i}`);
    first.push(await startService(dir));
    again.push(await startService(dir));
    if (BASELINE) {
      const dirBase = path.join(root, `base-${i}`);
      firstBase.push(await startService(dirBase, BASELINE));
      againBase.push(await startService(dirBase, BASELINE));
    }
    if (process.env.STARTUP_NO_TSX) continue;
    const dirTsx = path.join(root, `tsx-${i}`);
    firstTsx.push(await startService(dirTsx, TSX));
    againTsx.push(await startService(dirTsx, TSX));
  }
  for (const [name, xs] of [
    ['npm start, empty data folder', first],
    ['npm start, restart', again],
    ['baseline, empty data folder', firstBase],
    ['baseline, restart', againBase],
    ['tsx, empty data folder', firstTsx],
    ['tsx, restart', againTsx],
  ] as const) {
    if (xs.length === 0) continue;
    console.log(
      `${name.padEnd(29)} ready ${ms(median(xs.map((x) => x.wall)))} (${xs.map((x) => Math.round(x.wall)).join(', ')}), listening ${ms(median(xs.map((x) => x.listening)))}, since process start ${ms(median(xs.map((x) => x.sinceProcessStartMs)))}, ` +
        `startupMs ${ms(median(xs.map((x) => x.startupMs)))}, CPU ${ms(median(xs.map((x) => x.cpuMs)))} (database: ${xs[0]!.origin})`,
    );
  }

  const goal = (label: string, xs: Start[], limit: number) => {
    const m = median(xs.map((x) => x.wall));
    const cpu = median(xs.map((x) => x.cpuMs));
    console.log(
      `goal: ${label} < ${limit} ms to ready: median ${ms(m)} → ${m < limit ? 'met' : `NOT met (${ms(m - limit)} over)`}; CPU ${ms(cpu)} (wall on a busy machine runs over CPU)`,
    );
  };
  goal('first start on an empty data folder', first, 3000);
  goal('restart', again, 2000);

  const rows: [string, number, number][] = [];
  for (const [label, dirOf] of [
    ['data folder', (i: number, t: boolean) => path.join(root, `open-${t}-${i}`)],
    ['memory://', () => 'memory://'],
  ] as const) {
    const tpl: number[] = [];
    const init: number[] = [];
    for (let i = 0; i < runs; i++) {
      tpl.push(await openTime(dirOf(i, false), false));
      init.push(await openTime(dirOf(i, true), true));
    }
    rows.push([label, median(tpl), median(init)]);
  }
  console.log('\nopen + migrate a new database   template   initdb   initdb/template');
  for (const [label, tpl, init] of rows) {
    console.log(`${label.padEnd(32)}${ms(tpl).padStart(9)}${ms(init).padStart(9)}   ${(init / tpl).toFixed(1)}x`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
