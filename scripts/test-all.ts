// `npm test`: the whole suite on embedded PGlite and on PostgreSQL. The two passes share nothing
// (every test file makes its own database and Redis prefix), so they run side by side: on a 2-core
// machine that takes roughly the time of the longer pass instead of the sum. TEST_SERIAL=1 runs
// them one after the other (easier to read when debugging a failure).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const kinds = ['pglite', 'postgres'] as const;
const extra = process.argv.slice(2);

function pass(kind: (typeof kinds)[number], prefixed: boolean): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'scripts/run-tests.ts', kind, ...extra], {
      stdio: prefixed ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: process.env,
    });
    if (prefixed) {
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream }).on('line', (line) => console.log(`[${kind}] ${line}`));
      }
    }
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const started = Date.now();
let codes: number[];
if (process.env.TEST_SERIAL === '1') {
  codes = [];
  for (const kind of kinds) codes.push(await pass(kind, false));
} else {
  codes = await Promise.all(kinds.map((kind) => pass(kind, true)));
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
for (const [i, kind] of kinds.entries()) console.log(`${kind}: ${codes[i] === 0 ? 'passed' : `FAILED (exit ${codes[i]})`}`);
console.log(`whole suite: ${minutes} min`);
process.exit(codes.every((c) => c === 0) ? 0 : 1);
