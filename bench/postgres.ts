// The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL / TEST_DATABASE_URL), and throw-away
// databases on it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** One statement on the server's own database (CREATE / DROP DATABASE). */
export async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, empty database; drop() removes it (also with connections still open). */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tuntas_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
