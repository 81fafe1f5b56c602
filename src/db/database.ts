// One factory, two drivers: PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set, otherwise
// an embedded PostgreSQL (PGlite) kept in a data folder, so the service starts on a bare machine.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { SqlSession } from './migrate.js';

export type { PrismaClient } from '../generated/prisma/client.js';

export interface Database {
  kind: 'pglite' | 'postgres';
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
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir, opts);
}

function attachQueryCounter(prisma: PrismaClient, onQuery?: (sql: string) => void) {
  if (!onQuery) return prisma;
  // Driver adapters report queries through the client's query event.
  (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (e) =>
    onQuery(e.query),
  );
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
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir);
  await pglite.waitReady;
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
    // PGlite is a single session already.
    async withSession(fn) {
      return fn({
        exec: async (sql) => {
          await pglite.exec(sql);
        },
        query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
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
