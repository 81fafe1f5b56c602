// Starts the real service (real HTTP server, real database) for a test file.
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { DEMO_PASSWORD, seedDemoData } from '../../src/seed/demo.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: App;
  url: string;
  db: Database;
  clock: ManualClock;
  config: Config;
  /** POST a GraphQL operation; returns the parsed body. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: Auth,
    extra?: { language?: string | null },
  ): Promise<{ data?: T; errors?: any[] }>;
  /** Logs in a demo user and returns its token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export type Auth = { token: string } | { apiKey: string } | undefined;

export interface StartOptions {
  env?: Record<string, string>;
  clock?: ManualClock;
  /** Share a database with another app (two instances). */
  database?: { db: Database; testDb?: TestDatabase };
  onQuery?: (sql: string) => void;
  seed?: boolean;
  /** Listen on this port (default 0: any free one); a restarted instance reuses the port it had. */
  port?: number;
  /** Extra createApp options (e.g. a short WebSocket keep-alive; no outbox dispatcher where statements are counted). */
  appOptions?: Pick<AppOptions, 'webSocketKeepAliveMs' | 'log' | 'dispatch'>;
}

export async function startTestApp(opts: StartOptions = {}): Promise<TestApp> {
  const testDb = opts.database ? undefined : await createTestDatabase();
  const db = opts.database?.db ?? (await testDb!.open(opts.onQuery));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    SEED_DEMO: 'false',
    // Every request of a test comes from 127.0.0.1: rate limits only where a test sets them.
    RATE_LIMIT_PER_ADDRESS: '1000000',
    RATE_LIMIT_EXPENSIVE: '1000000',
    ...opts.env,
  });
  const clock = opts.clock ?? new ManualClock(new Date());
  const app = await createApp(config, { clock, db, ...opts.appOptions });
  if (opts.seed !== false) await seedDemoData(db.prisma);
  const url = await app.listen(opts.port ?? 0, '127.0.0.1');

  const gql: TestApp['gql'] = async (query, variables, auth, extra) => {
    // English unless a test asks otherwise (the existing assertions read English messages); `null`
    // sends no Accept-Language at all (the browser console's default: Indonesian).
    const language = extra?.language === undefined ? 'en' : extra.language;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(language ? { 'accept-language': language } : {}) };
    if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
    if (auth && 'apiKey' in auth) headers['x-api-key'] = auth.apiKey;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as any;
  };

  const login: TestApp['login'] = async (email, password = DEMO_PASSWORD) => {
    const r = await gql(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename ... on AuthPayload { token } ... on Error { code message } } }`,
      { e: email, p: password },
    );
    const token = r.data?.login?.token;
    if (!token) throw new Error(`login ${email} failed: ${JSON.stringify(r)}`);
    return token;
  };

  return {
    app,
    url,
    db,
    clock,
    config,
    gql,
    login,
    async close() {
      await app.close();
      if (!opts.database) {
        await db.close();
        await testDb!.drop();
      }
    },
  };
}
