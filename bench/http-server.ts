// One server under test for bench/http.ts, in its own process (its own CPU time and event loop).
// BENCH_TARGET=bare: a graphql-yoga hello world on node:http, the baseline.
// BENCH_TARGET=postgres | pglite: tuntas with the demo agency, 50 complaints carrying every SOP
// step's rows (the staff page) and BENCH_COMPLAINTS plain ones (10,000 by default: status reads),
// an ADMIN and a HEAD token and a READ_COMPLAINTS key. Sends what the requests need over IPC.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Session, type Profiler, type Runtime } from 'node:inspector/promises';
import { createSchema, createYoga } from 'graphql-yoga';
import { benchDatabase } from './postgres.js';

const target = process.env.BENCH_TARGET ?? 'bare';
const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 10_000);

async function bare() {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
    logging: false,
  });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.send!({ ready: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` } });
  process.on('message', (msg: { ask: string }) => msg.ask === 'close' && process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

// BENCH_TARGET=replay: the same bare Yoga, but with tuntas's published schema (schema.graphql) and
// default resolvers over an answer the parent captured from tuntas (IPC { ask: 'answer' }): what
// graphql-js and Yoga alone cost to execute and send that answer, with no data layer at all.
async function replay() {
  const { readFileSync } = await import('node:fs');
  const { buildSchema, execute } = await import('graphql');
  const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));
  let answer: Record<string, unknown> = {};
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      {
        onExecute: ({ setExecuteFn }: { setExecuteFn: (fn: typeof execute) => void }) =>
          setExecuteFn((args) => execute({ ...args, rootValue: answer })),
      },
    ],
  });
  const server = createServer(yoga);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.on('message', (msg: { ask: string; data?: Record<string, unknown> }) => {
    if (msg.ask === 'answer') {
      answer = msg.data!;
      process.send!({ answered: true });
    }
    if (msg.ask === 'close') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` } });
}

async function tuntas(kind: 'postgres' | 'pglite') {
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase } = await import('../src/db/database.js');
  const { seedDemoData } = await import('../src/seed/demo.js');
  const { generateApiKey } = await import('../src/auth/api-keys.js');
  const { demoAgency, EMAIL, makeComplaint } = await import('../test/reads/fixtures.js');
  const { COMPLAINT_STATUSES } = await import('../src/sop/vocabulary.js');

  const pgDb = kind === 'postgres' ? await benchDatabase() : undefined;
  const db = await openDatabase({ databaseUrl: pgDb?.url ?? null, dataDir: 'memory://' });
  // Production settings: info-level request logs (to /dev/null), no GraphiQL, no sweeper timer.
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    // wrk sends everything from one address and one key: the per-client rate limits would answer 429.
    RATE_LIMIT_PER_ADDRESS: '1000000000',
    RATE_LIMIT_PER_API_KEY: '1000000000',
    RATE_LIMIT_EXPENSIVE: '1000000000',
    ...(kind === 'postgres' && process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, REDIS_CHANNEL_PREFIX: `bench-${randomBytes(4).toString('hex')}:` }
      : {}),
  });
  const app = await createApp(config, { db, sweep: false });
  await seedDemoData(db.prisma);
  const demo = await demoAgency(db.prisma);

  // The staff page: 50 complaints with every step's rows, all disposed to Kepemudaan among others.
  const disposed = COMPLAINT_STATUSES.filter((s) => !['RECEIVED', 'REGISTERED', 'RETURNED', 'ARCHIVED'].includes(s));
  for (let i = 0; i < 50; i++) {
    await makeComplaint(db.prisma, demo, {
      status: disposed[i % disposed.length],
      round: 1 + (i % 2),
      divisions: i % 2 ? ['KEPEMUDAAN', 'OLAHRAGA'] : ['KEPEMUDAAN'],
      receivedAt: new Date(Date.UTC(2026, 5, 1) + i * 60_000),
    });
  }
  // Plain complaints for the status reads, older than the staff page (which shows the newest first).
  const sql = `INSERT INTO "Complaint" (id, "agencyId", "trackingId", kind, title, content, "submittedAt", "dispatchedAt",
      "receivedAt", "firstReceivedAt", status, round, version, "updatedAt")
    SELECT gen_random_uuid(), '${demo.id}'::uuid, 'BENCH-' || g, 'LAPORAN', 'Laporan uji ' || g, 'Isi laporan uji beban',
      TIMESTAMP '2026-01-05 02:00' + g * INTERVAL '1 minute', TIMESTAMP '2026-01-05 02:00' + g * INTERVAL '1 minute',
      TIMESTAMP '2026-01-05 02:00' + g * INTERVAL '1 minute', TIMESTAMP '2026-01-05 02:00' + g * INTERVAL '1 minute',
      (CASE WHEN g % 3 = 0 THEN 'CLOSED' WHEN g % 3 = 1 THEN 'REGISTERED' ELSE 'DISPOSED' END)::"ComplaintStatus", 1, 1, now()
    FROM generate_series(1, ${COMPLAINTS}) AS g`;
  await db.prisma.$executeRawUnsafe(sql);
  await db.prisma.$executeRawUnsafe('ANALYZE');

  const users = demo.users;
  const head = await app.services.tokens.issue(users[EMAIL.head]!.id, 'HEAD');
  const adminToken = await app.services.tokens.issue(users[EMAIL.admin]!.id, 'ADMIN');
  const key = generateApiKey();
  await db.prisma.apiKey.create({
    data: {
      name: 'bench portal',
      prefix: key.prefix,
      hash: key.hash,
      agencyId: demo.id,
      scopes: ['READ_COMPLAINTS'],
      createdById: users[EMAIL.admin]!.id,
    },
  });
  const url = await app.listen(0, '127.0.0.1');
  process.send!({
    ready: { url, headToken: head.token, adminToken: adminToken.token, apiKey: key.key, trackingId: `BENCH-${Math.ceil(COMPLAINTS / 2)}` },
  });
  const close = async () => {
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    await pgDb?.drop();
    process.exit(0);
  };
  process.on('message', (msg: { ask: string }) => msg.ask === 'close' && void close());
  process.on('disconnect', () => void close());
}

// CPU time this process has used (µs): the parent divides its growth by the requests served.
process.on('message', (msg: { ask: string }) => {
  if (msg.ask !== 'cpu') return;
  const u = process.cpuUsage();
  process.send!({ cpu: u.user + u.system });
});

// A CPU profile between 'profile-start' and 'profile-stop' (where the time goes), sent back summed
// by what spent it: graphql-js, Yoga, Prisma, the driver, Node's HTTP, tuntas's own folders.
const profiler = new Session();
process.on('message', async (msg: { ask: string }) => {
  if (msg.ask === 'profile-start') {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    process.send!({ profiling: true });
  } else if (msg.ask === 'profile-stop') {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    process.send!({ profile: summarize(profile) });
  }
});

/** Busy time (µs) by what spent it, largest first; idle time left out. */
function summarize(profile: Profiler.Profile): [string, number][] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const spent = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const what = spender(nodes.get(samples[i]!)!.callFrame);
    if (what) spent.set(what, (spent.get(what) ?? 0) + (deltas[i] ?? 0));
  }
  return [...spent].sort((a, b) => b[1] - a[1]);
}

const GROUPS: [RegExp, string][] = [
  [/^graphql$/, 'graphql-js (execute, parse, validate)'],
  [/^(graphql-yoga|@graphql-yoga\/.*|@envelop\/.*|@whatwg-node\/.*|@graphql-tools\/.*)$/, 'Yoga, envelop and the fetch API'],
  [/^(@prisma\/.*|\.prisma|prisma)$/, 'Prisma client (incl. its query compiler)'],
  [/^(pg|pg-.*|@electric-sql\/.*)$/, 'database driver'],
  [/^@pothos\/.*$/, 'Pothos plugins'],
  [/^(pino|pino-.*|thread-stream|sonic-boom)$/, 'logging'],
];

function spender(frame: Runtime.CallFrame): string | null {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return null;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 and native code';
  if (!url) return 'V8 built-ins (JSON, strings, RegExp)';
  if (url.startsWith('node:')) return 'Node core (HTTP, sockets, streams)';
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const rest = url.slice(inModules + '/node_modules/'.length).split('/');
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return GROUPS.find(([re]) => re.test(pkg))?.[1] ?? pkg;
  }
  const src = /\/src\/([^/]+)/.exec(url);
  if (src) return `tuntas src/${src[1]}`;
  return url.split('/').slice(-2).join('/');
}

if (target === 'bare') await bare();
else if (target === 'replay') await replay();
else await tuntas(target as 'postgres' | 'pglite');
