// A ready-made PGlite database, built once at install time (`postinstall`), so that a first start on an
// empty data folder copies files (well under a second) instead of running initdb (several seconds),
// and each test file loads it into memory instead of running initdb again.
//
// The template holds the migrations committed when it was built, recorded in _prisma_migrations like
// any database; the service's migration runner applies the rest as usual. A template whose migrations
// are not a prefix of the committed ones (edited or unknown migration), that was built by another
// PGlite version, or that cannot be read is ignored: the caller falls back to a normal initdb.
//
// Next to it, pgdata-demo/ is the same database with what a demo start would seed that does not depend
// on the clock already in it (reference data, bundled holidays, the demo organisation and users; built
// by src/server/demo-template.ts): a first demo start then only replays the demo complaints.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, readMigrations, type Migration, type SqlSession } from './migrate.js';

/** Gitignored, inside the checkout: rebuilt by every `npm ci` / `npm install`. */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../.cache/pglite-template/', import.meta.url));

interface Manifest {
  pglite: string;
  migrations: { name: string; checksum: string }[];
}

export interface Template {
  /** A closed PGlite data folder. */
  dataDir: string;
  /** The same database as a PGlite tarball (dumpDataDir), for `loadDataDir` into memory://. */
  tarball: string;
  migrations: string[];
  /** The demo variant (pgdata-demo/), or null when it was not built. */
  demoDataDir: string | null;
}

/** The demo variant's folder inside a template folder. */
export const DEMO_DATA_DIR = 'pgdata-demo';

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function pgliteSession(pglite: PGlite): SqlSession {
  return {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
  };
}

/** Builds the template into dir (replacing it only once the new one is complete). */
export async function buildTemplate(dir = TEMPLATE_DIR, migrations: Migration[] = readMigrations()): Promise<Template> {
  const tmp = `${dir.replace(/\/$/, '')}.build-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const pglite = new PGlite(path.join(tmp, 'pgdata'));
    try {
      await pglite.waitReady;
      await applyMigrations(pgliteSession(pglite), migrations);
      // A checkpoint leaves nothing in the WAL to replay when a copy is opened.
      await pglite.exec('CHECKPOINT');
      const tar = await pglite.dumpDataDir('none');
      writeFileSync(path.join(tmp, 'pgdata.tar'), Buffer.from(await tar.arrayBuffer()));
    } finally {
      await pglite.close();
    }
    const manifest: Manifest = { pglite: pgliteVersion(), migrations: migrations.map((m) => ({ name: m.name, checksum: m.checksum })) };
    writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir.replace(/\/$/, '')), { recursive: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return findTemplate(dir, migrations)!;
}

/** The template in dir if it is usable with these migrations, else null. */
export function findTemplate(dir = TEMPLATE_DIR, migrations: Migration[] = readMigrations()): Template | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.pglite !== pgliteVersion()) return null;
    const prefix = manifest.migrations.every((m, i) => migrations[i]?.name === m.name && migrations[i]?.checksum === m.checksum);
    const dataDir = path.join(dir, 'pgdata');
    const tarball = path.join(dir, 'pgdata.tar');
    if (!prefix || !existsSync(path.join(dataDir, 'PG_VERSION')) || !existsSync(tarball)) return null;
    const demoDataDir = path.join(dir, DEMO_DATA_DIR);
    return {
      dataDir,
      tarball,
      migrations: manifest.migrations.map((m) => m.name),
      demoDataDir: existsSync(path.join(demoDataDir, 'PG_VERSION')) ? demoDataDir : null,
    };
  } catch {
    return null;
  }
}

/**
 * Puts a copy of the template (or of its demo variant) at dataDir when dataDir is missing or empty. The
 * copy is made next to it and renamed into place, so an interrupted first start leaves no half database
 * behind. Returns false (caller runs initdb) when there is no usable template or the copy fails.
 */
export function copyTemplateTo(dataDir: string, template: Template | null = findTemplate(), variant: 'empty' | 'demo' = 'empty'): boolean {
  const copy = plannedCopy(dataDir, template, variant);
  if (!copy) return false;
  try {
    prepare(copy, dataDir);
    cpSync(copy.from, copy.tmp, { recursive: true });
    return moveIntoPlace(copy, dataDir);
  } catch {
    rmSync(copy.tmp, { recursive: true, force: true });
    return false;
  }
}

/**
 * copyTemplateTo with the files copied by a worker thread (~40 MB, a few hundred ms of the kernel's
 * time): the service's first start loads the rest of its code meanwhile.
 */
export async function copyTemplateInBackground(
  dataDir: string,
  template: Template | null = findTemplate(),
  variant: 'empty' | 'demo' = 'empty',
): Promise<boolean> {
  const copy = plannedCopy(dataDir, template, variant);
  if (!copy) return false;
  try {
    prepare(copy, dataDir);
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(
        "const { cpSync } = require('node:fs'); const { workerData: w } = require('node:worker_threads'); cpSync(w.from, w.to, { recursive: true });",
        { eval: true, workerData: { from: copy.from, to: copy.tmp } },
      );
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`template copy exited with ${code}`))));
    });
    return moveIntoPlace(copy, dataDir);
  } catch {
    rmSync(copy.tmp, { recursive: true, force: true });
    return false;
  }
}

interface PlannedCopy {
  from: string;
  tmp: string;
  /** dataDir exists (empty). */
  exists: boolean;
}

function plannedCopy(dataDir: string, template: Template | null, variant: 'empty' | 'demo'): PlannedCopy | null {
  const from = variant === 'demo' ? template?.demoDataDir : template?.dataDir;
  if (!from) return null;
  const exists = existsSync(dataDir);
  if (exists && readdirSync(dataDir).length > 0) return null;
  return { from, tmp: path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.init-${process.pid}`), exists };
}

function prepare(copy: PlannedCopy, dataDir: string) {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  rmSync(copy.tmp, { recursive: true, force: true });
}

function moveIntoPlace(copy: PlannedCopy, dataDir: string): boolean {
  if (copy.exists) rmdirSync(dataDir);
  renameSync(copy.tmp, dataDir);
  return true;
}

/** The template as a Blob for PGlite's loadDataDir, or undefined. */
export function templateTarball(template: Template | null = findTemplate()): Blob | undefined {
  if (!template) return undefined;
  try {
    const tar = readFileSync(template.tarball);
    // PGlite treats anything that is not a tar as gzip and a bad stream then crashes the process from
    // inside zlib, past any catch: check that it is an uncompressed tar (ustar magic, whole blocks).
    if (tar.length % 512 !== 0 || tar.toString('latin1', 257, 262) !== 'ustar') return undefined;
    return new Blob([tar]);
  } catch {
    return undefined;
  }
}
