// Each test file gets its own empty database: a fresh in-memory PGlite, or a new PostgreSQL database
// created on TEST_DATABASE_URL's server and dropped afterwards. TEST_DB chooses (default pglite).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';

export const TEST_DB = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** null for PGlite */
  url: string | null;
  open(onQuery?: (sql: string) => void): Promise<Database>;
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database (whatever TEST_DB says). */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `tuntas_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: (onQuery) => openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', onQuery }),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB === 'postgres') return createPostgresDatabase();
  return {
    url: null,
    open: (onQuery) => openDatabase({ databaseUrl: null, dataDir: 'memory://', onQuery }),
    drop: async () => undefined,
  };
}
