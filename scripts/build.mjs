// Builds the service for production: `npm start` runs dist/main.js with plain Node, so no TypeScript is
// compiled at start-up. Runs at install (postinstall) and before every `npm start` (prestart), where it
// only rebuilds when a file in src/ is newer than the last build. `--force` always rebuilds.
// Plain JavaScript on purpose: it runs before anything else is built.
//
// esbuild bundles src/ and most libraries into a few files: resolving and loading ~1,800 separate
// modules was about a third of start-up. Code loaded with import() (documents, password checks,
// mail...) lands in chunks of its own, read only when first used. Type checking is `npm run typecheck`.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
// Two levels below the repository, as src/<dir>/ is: paths the code resolves from import.meta.url
// (../../prisma/migrations, ../../.cache, ../../package.json) mean the same from the bundle.
const out = path.join(dist, 'bundle');
const stamp = path.join(dist, '.built');

/**
 * Libraries left to Node: graphql (one copy, the CommonJS build every library gets; a bundled ESM copy
 * would break `instanceof GraphQLError`), and those that read files of their own next to their code
 * (__dirname, Wasm, fonts, worker scripts) or are big and loaded only on demand anyway.
 */
const EXTERNAL = [
  'graphql',
  '@electric-sql/pglite',
  '@prisma/client',
  'pino',
  'ioredis',
  'pdfkit',
  'svg-to-pdfkit',
  'exceljs',
  'dejavu-fonts-ttf',
  '@graphql-yoga/render-graphiql',
];

/**
 * import('pkg') of a library's CommonJS build gives, bundled, only a default export, where Node (tsx,
 * tests) also finds the named ones: for import() calls, take the ESM build a package without an
 * exports map names in "module" (@zxcvbn-ts/*).
 */
const esmBuildForImportCalls = {
  name: 'esm-build-for-import-calls',
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (args.kind !== 'dynamic-import' || EXTERNAL.some((p) => args.path === p || args.path.startsWith(`${p}/`))) return undefined;
      const name = args.path
        .split('/')
        .slice(0, args.path.startsWith('@') ? 2 : 1)
        .join('/');
      if (name !== args.path) return undefined;
      try {
        const pkgJson = createRequire(args.importer).resolve(`${name}/package.json`);
        const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
        return pkg.module && !pkg.exports ? { path: path.join(path.dirname(pkgJson), pkg.module) } : undefined;
      } catch {
        return undefined;
      }
    });
  },
};

/** Every file under dir (recursively). */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function newestSource() {
  let newest = 0;
  for (const f of files(src)) newest = Math.max(newest, statSync(f).mtimeMs);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']) {
    if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  }
  return newest;
}

const force = process.argv.includes('--force');
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource()) process.exit(0);

const t0 = performance.now();
rmSync(dist, { recursive: true, force: true });
await build({
  // main: the service (`npm start`); library: the same code for in-process use (bench/subscribers).
  entryPoints: { main: path.join(src, 'main.ts'), library: path.join(src, 'library.ts') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [esmBuildForImportCalls],
  external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
  // Bundled CommonJS libraries call require() for Node's own modules.
  banner: { js: "import { createRequire as __tuntasRequire } from 'node:module'; const require = __tuntasRequire(import.meta.url);" },
  // Flat, next to main.js: chunks are two levels below the repository too.
  chunkNames: '[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
// Files the code reads next to itself (import.meta.url): the bundled holiday list, the console's page
// script and style. The bundle is one folder, so they go next to it.
for (const f of files(src)) {
  if (f.endsWith('.ts') || f.endsWith('.md')) continue;
  const to = path.join(out, path.basename(f));
  if (existsSync(to)) throw new Error(`build: two files named ${path.basename(f)} would share ${path.relative(root, out)}/`);
  copyFileSync(f, to);
}
// `npm start` = node dist/main.js.
writeFileSync(path.join(dist, 'main.js'), "// Built by scripts/build.mjs: the service is dist/bundle/.\nimport './bundle/main.js';\n");
mkdirSync(dist, { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
console.error(`built dist/ in ${Math.round(performance.now() - t0)} ms`);
