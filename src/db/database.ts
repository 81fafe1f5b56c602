// One factory, two drivers: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set, otherwise
// an embedded PostgreSQL (PGlite) kept in a data folder, so the service starts on a bare machine.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { SqlSession } from './migrate.js';
import { copyTemplateInBackground, findTemplate, pgliteSession, templateTarball } from './pglite-template.js';
import { installPlanCache } from './plan-cache.js';

export type { PrismaClient } from '../generated/prisma/client.js';

export interface Database {
  kind: 'pglite' | 'postgres';
  /**
   * PGlite only: how the database came to be (install-time template, its demo variant, initdb, or
   * already there).
   */
  origin?: 'template' | 'demo-template' | 'initdb' | 'existing';
  prisma: PrismaClient;
  /**
   * One plain SQL statement through the driver (the pool Prisma uses, or PGlite), for hot reads that
   * need no Prisma query compilation per call (src/status/). Parameters are bound ($1, $2...).
   */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A dedicated session (one connection) for work that must hold a session, e.g. advisory locks. */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * fn reads one consistent view of the whole database (a read-only REPEATABLE READ transaction),
   * for backups. PGlite has one session, so other queries wait until fn returns.
   */
  readSnapshot<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  /** Folder for PGlite, or 'memory://' for a throw-away database (tests). */
  dataDir: string;
  poolSize?: number;
  /** Counts every SQL statement Prisma sends (tests assert N+1 freedom with it). */
  onQuery?: (sql: string) => void;
  /** PGlite: never start from the install-time template (tests, and the fallback when it is damaged). */
  noTemplate?: boolean;
  /** PGlite: a new data folder starts from the template's demo variant when there is one. */
  demo?: boolean;
}

/** PGlite's Postgres, compiled from its file (WebAssembly.compile works on other threads). */
async function compilePglite(): Promise<WebAssembly.Module> {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  return WebAssembly.compile(await readFile(path.join(dir, 'pglite.wasm')));
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  installPlanCache();
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir, opts);
}

function attachQueryCounter(prisma: PrismaClient, onQuery?: (sql: string) => void) {
  if (!onQuery) return prisma;
  // Driver adapters report queries through the client's query event.
  (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  return prisma;
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  // One pool for Prisma and for the plain hot-path statements.
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // An idle connection the server ended (restart, failover, pg_terminate_backend, a dropped test
  // database): pg removes it from the pool and the next query opens a new one. Without a listener the
  // pool's 'error' event would be an uncaught exception that stops the process.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool);
  const prisma = attachQueryCounter(
    new PrismaClient({ adapter, log: opts.onQuery ? [{ emit: 'event', level: 'query' }] : [] }),
    opts.onQuery,
  );
  const db: Database = {
    kind: 'postgres',
    prisma,
    async query<T>(sql: string, params?: unknown[]) {
      opts.onQuery?.(sql);
      return (await pool.query(sql, params)).rows as T[];
    },
    async withSession(fn) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        });
      } finally {
        await client.end();
      }
    },
    async readSnapshot(fn) {
      return db.withSession(async (s) => {
        await s.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await fn(s);
        } finally {
          await s.exec('ROLLBACK');
        }
      });
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
  return db;
}

async function openPglite(dataDir: string, opts: DatabaseOptions): Promise<Database> {
  let origin: Database['origin'];
  let pglite: PGlite;
  if (dataDir.startsWith('memory://')) {
    const loadDataDir = opts.noTemplate ? undefined : templateTarball();
    origin = loadDataDir ? 'template' : 'initdb';
    pglite = new PGlite(dataDir, { loadDataDir });
  } else {
    // An empty folder starts as a copy of the install-time template; otherwise PGlite resumes the
    // database in it, or runs initdb when there is no template.
    const resumed = existsSync(path.join(dataDir, 'PG_VERSION'));
    let pgliteWasmModule: WebAssembly.Module | undefined;
    if (resumed) origin = 'existing';
    else if (opts.noTemplate) origin = 'initdb';
    else {
      // A first start: PGlite's Wasm compiles (other threads) while a worker copies the template and
      // this thread loads the rest of the code (main.ts).
      const compiling = compilePglite();
      const template = findTemplate();
      if (opts.demo && (await copyTemplateInBackground(dataDir, template, 'demo'))) origin = 'demo-template';
      else origin = (await copyTemplateInBackground(dataDir, template)) ? 'template' : 'initdb';
      // Without it PGlite compiles its own.
      pgliteWasmModule = await compiling.catch(() => undefined);
    }
    mkdirSync(dataDir, { recursive: true });
    pglite = new PGlite(dataDir, { pgliteWasmModule });
  }
  const prisma = attachQueryCounter(
    new PrismaClient({
      // pglite-prisma-adapter pins an older @prisma/driver-adapter-utils; the runtime contract matches.
      adapter: new PrismaPGlite(pglite) as unknown as PrismaPg,
      log: opts.onQuery ? [{ emit: 'event', level: 'query' }] : [],
    }),
    opts.onQuery,
  );
  // Prisma loads and compiles its Wasm query compiler (a few hundred ms) while PGlite starts, whose
  // own Wasm compiles on other threads and leaves this one idle.
  const connecting = prisma.$connect();
  try {
    await pglite.waitReady;
    await connecting;
  } catch (err) {
    await connecting.catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    if (origin !== 'template' && origin !== 'demo-template') throw err;
    // A damaged template must not stop the service: throw the copy away and run initdb.
    await pglite.close().catch(() => undefined);
    if (!dataDir.startsWith('memory://')) rmSync(dataDir, { recursive: true, force: true });
    return openPglite(dataDir, { ...opts, noTemplate: true });
  }
  let closed = false;
  return {
    kind: 'pglite',
    prisma,
    origin,
    async query<T>(sql: string, params?: unknown[]) {
      opts.onQuery?.(sql);
      return (await pglite.query<T>(sql, params)).rows;
    },
    // PGlite is a single session already.
    async withSession(fn) {
      return fn(pgliteSession(pglite));
    },
    async readSnapshot(fn) {
      // pglite.transaction holds PGlite's transaction lock: Prisma's queries wait instead of running
      // inside this transaction.
      return pglite.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await fn({
            exec: async (sql) => {
              await tx.exec(sql);
            },
            query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
          });
        } finally {
          await tx.rollback().catch(() => undefined);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // Closing flushes and releases the data folder; skipping it can damage the folder.
      await pglite.close();
    },
  };
}
