// `npm run test:pglite` / `npm run test:postgres`: the whole suite against one database kind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const kind = process.argv[2];
if (kind !== 'pglite' && kind !== 'postgres') {
  console.error('usage: tsx scripts/run-tests.ts pglite|postgres');
  process.exit(2);
}
const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
// Some tests (migration races) always need PostgreSQL; say so plainly instead of failing obscurely.
const probe = new pg.Client({ connectionString: url });
try {
  await probe.connect();
  await probe.end();
} catch (err) {
  console.error(`PostgreSQL is not reachable at ${url} (${(err as Error).message}); start it or set TEST_DATABASE_URL.`);
  process.exit(1);
}
console.log(`\n=== tuntas test suite on ${kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} ===\n`);
const report = path.join(mkdtempSync(path.join(tmpdir(), 'tuntas-tests-')), 'report.json');
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(3)],
  { stdio: 'inherit', env: { ...process.env, TEST_DB: kind, TEST_DATABASE_URL: url } },
);
// One plain closing line per pass, so CI logs say how many tests ran on which database.
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  console.log(`\n${kind}: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests + j.numTodoTests} skipped`);
}
process.exit(r.status ?? 1);
