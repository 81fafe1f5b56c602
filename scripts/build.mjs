// Compiles the service (src/ → dist/) for production: `npm start` runs dist/main.js with plain Node,
// so no TypeScript is compiled at start-up. Runs at install (postinstall) and before every
// `npm start` (prestart), where it only rebuilds when a file in src/ is newer than the last build.
// Plain JavaScript on purpose: it runs before anything else is built. `--force` always rebuilds.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

/** Every file under dir (recursively). */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function newestSource() {
  let newest = 0;
  for (const f of files(src)) newest = Math.max(newest, statSync(f).mtimeMs);
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

const force = process.argv.includes('--force');
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) process.exit(0);

const t0 = performance.now();
const tsc = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
execFileSync(tsc, ['-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
// Files the code reads next to itself (import.meta.url): the bundled holiday list.
for (const f of files(src)) {
  if (f.endsWith('.ts') || f.endsWith('.md')) continue;
  const to = path.join(dist, path.relative(src, f));
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(f, to);
}
mkdirSync(dist, { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.error(`built dist/ in ${Math.round(performance.now() - t0)} ms`);
