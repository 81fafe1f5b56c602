// Builds dist/: ESM (tsc: JavaScript, declarations, source maps) and CommonJS (esbuild, file by file,
// with source maps), each with its own declarations, so `import` and `require` both get types.
// Run by `npm run build` and by `prepack` (so `npm pack` / `npm publish` always ship a fresh build).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

/** The nearest node_modules/.bin/tsc, from the package up (npm workspaces hoist it to the repo root). */
function findTsc() {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', 'tsc');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('tsc not found: npm install typescript');
  }
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

rmSync(dist, { recursive: true, force: true });
execFileSync(findTsc(), ['-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
writeFileSync(path.join(dist, 'esm', 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);

const sources = walk(path.join(root, 'src')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
await build({
  entryPoints: sources,
  outdir: path.join(dist, 'cjs'),
  outbase: path.join(root, 'src'),
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
});
// The declarations describe both builds; in dist/cjs they are read as CommonJS (its package.json says so).
for (const file of walk(path.join(dist, 'esm'))) {
  if (file.endsWith('.d.ts') || file.endsWith('.d.ts.map'))
    cpSync(file, path.join(dist, 'cjs', path.relative(path.join(dist, 'esm'), file)));
}
writeFileSync(path.join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
console.log(`built ${path.relative(process.cwd(), dist)}/esm and /cjs from ${sources.length} files`);
