// One factory, two drivers: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set, otherwise
// an embedded PostgreSQL (PGlite) kept in a data folder, so the service starts on a bare machine.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { SqlSession } from './migrate.js';
import { copyTemplateTo, pgliteSession, templateTarball } from './pglite-template.js';

export type { PrismaClient } from '../generated/prisma/client.js';

export interface Database {
  kind: 'pglite' | 'postgres';
  /** PGlite only: how the database came to be (install-time template, initdb, or already there). */
  origin?: 'template' | 'initdb' | 'existing';
  prisma: PrismaClient;
  /** A dedicated session (one connection) for work that must hold a session, e.g. advisory locks. */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
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
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir, opts);
}

function attachQueryCounter(prisma: PrismaClient, onQuery?: (sql: string) => void) {
  if (!onQuery) return prisma;
  // Driver adapters report queries through the client's query event.
  (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  return prisma;
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const adapter = new PrismaPg({ connectionString: url, max: opts.poolSize ?? 10 });
  const prisma = attachQueryCounter(
    new PrismaClient({ adapter, log: opts.onQuery ? [{ emit: 'event', level: 'query' }] : [] }),
    opts.onQuery,
  );
  return {
    kind: 'postgres',
    prisma,
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
    async close() {
      await prisma.$disconnect();
    },
  };
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
    origin = resumed ? 'existing' : !opts.noTemplate && copyTemplateTo(dataDir) ? 'template' : 'initdb';
    mkdirSync(dataDir, { recursive: true });
    pglite = new PGlite(dataDir);
  }
  try {
    await pglite.waitReady;
  } catch (err) {
    if (origin !== 'template') throw err;
    // A damaged template must not stop the service: throw the copy away and run initdb.
    await pglite.close().catch(() => undefined);
    if (!dataDir.startsWith('memory://')) rmSync(dataDir, { recursive: true, force: true });
    return openPglite(dataDir, { ...opts, noTemplate: true });
  }
  const prisma = attachQueryCounter(
    new PrismaClient({
      // pglite-prisma-adapter pins an older @prisma/driver-adapter-utils; the runtime contract matches.
      adapter: new PrismaPGlite(pglite) as unknown as PrismaPg,
      log: opts.onQuery ? [{ emit: 'event', level: 'query' }] : [],
    }),
    opts.onQuery,
  );
  let closed = false;
  return {
    kind: 'pglite',
    prisma,
    origin,
    // PGlite is a single session already.
    async withSession(fn) {
      return fn(pgliteSession(pglite));
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
