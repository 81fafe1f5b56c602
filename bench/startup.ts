// Start-up times of the embedded database: `npx tsx bench/startup.ts [runs]`.
// 1. the real service (`src/main.ts`) on an empty data folder and on a restart: time to the
//    "tuntas listening" log line (wall clock, and startupMs / sinceProcessStartMs from the line);
// 2. opening + migrating a database in-process, from the install-time template vs initdb, for a data
//    folder and for memory:// (what each PGlite test file does).
// Prints medians and ratios; wall times depend on the machine and its load, CPU time much less.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrate.js';
import { findTemplate } from '../src/db/pglite-template.js';

const runs = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;

interface Start {
  wall: number;
  startupMs: number;
  sinceProcessStartMs: number;
  cpuMs: number;
  origin: string;
}

/** Starts the service, waits for "tuntas listening", stops it with SIGTERM. */
function startService(dataDir: string): Promise<Start> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
        result = {
          wall: performance.now() - t0,
          startupMs: log.startupMs,
          sinceProcessStartMs: log.sinceProcessStartMs,
          cpuMs: log.cpuMs,
          origin: log.databaseOrigin,
        };
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`service exited ${code}: ${out}`))));
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
  const first: Start[] = [];
  const again: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = path.join(root, `svc-${i}`);
    first.push(await startService(dir));
    again.push(await startService(dir));
  }
  for (const [name, xs] of [
    ['service, empty data folder', first],
    ['service, restart', again],
  ] as const) {
    console.log(
      `${name.padEnd(28)} wall ${ms(median(xs.map((x) => x.wall)))}, since process start ${ms(median(xs.map((x) => x.sinceProcessStartMs)))}, ` +
        `startupMs ${ms(median(xs.map((x) => x.startupMs)))}, CPU ${ms(median(xs.map((x) => x.cpuMs)))} (database: ${xs[0]!.origin})`,
    );
  }

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
