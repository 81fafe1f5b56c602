// The demo complaints a first demo start replays (src/deadlines/demo-seed.ts), on a copy of the
// install-time demo template: `npm run bench -- demo-seed [runs]`. Prints SQL statements per seed (what
// each SOP step costs every writer), the most repeated statements, and the seed's wall and CPU time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { seedDemoDeadlines } from '../src/deadlines/demo-seed.js';

const runs = Number(process.argv[3] ?? process.argv[2] ?? 3) || 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-demo-seed-'));
try {
  const counts: number[] = [];
  const walls: number[] = [];
  const cpus: number[] = [];
  let byStatement = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    let counting = false;
    const seen = new Map<string, number>();
    const db = await openDatabase({
      databaseUrl: null,
      dataDir: path.join(root, `d${i}`),
      demo: true,
      onQuery: (sql) => {
        if (!counting) return;
        // Parameters vary; the statement's shape is what repeats.
        const shape = sql.replace(/\$\d+/g, '$').replace(/\s+/g, ' ').slice(0, 160);
        seen.set(shape, (seen.get(shape) ?? 0) + 1);
      },
    });
    if (db.origin !== 'demo-template') throw new Error(`no demo template (origin ${db.origin}): run npm run db:template`);
    const config = loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
    const app = await createApp(config, { db, log: pino({ level: 'silent' }), sweep: false, dispatch: false });
    try {
      counting = true;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const seeded = await seedDemoDeadlines(app.services);
      walls.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpus.push((cpu.user + cpu.system) / 1000);
      counting = false;
      if (seeded === 0) throw new Error('nothing seeded');
      counts.push([...seen.values()].reduce((a, b) => a + b, 0));
      byStatement = seen;
    } finally {
      await app.close();
      await db.close();
    }
  }
  console.log(
    `demo seed (7 complaints): ${median(counts)} SQL statements; wall ${Math.round(median(walls))} ms (${walls.map(Math.round).join(', ')}), CPU ${Math.round(median(cpus))} ms`,
  );
  console.log('\nmost repeated statements (last run):');
  for (const [sql, n] of [...byStatement].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${String(n).padStart(5)}  ${sql}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
