// `npm run bench -- subscribers`: one instance (child process; PGlite in memory, or PostgreSQL with
// BENCH_DATABASE=postgres so the RSS is the service's own; REDIS_URL=redis://... publishes through
// Redis as several instances do), BENCH_LEVELS (1,000 / 5,000 / 10,000) graphql-ws subscribers on
// loopback, one status change each round; prints p50/p99 delivery latency (from when the outbox
// published the event to each client), the server's CPU for the change, and its memory. Stops by itself.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { benchDatabase } from './postgres.js';

const LEVELS = (process.env.BENCH_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const MAX = Math.max(...LEVELS);
const NEEDED_FDS = MAX + 1_000;

// Each process holds one socket per subscriber; Node cannot raise its own limit, so re-run under a
// shell that does, once.
const soft = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
const hard = Number(spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim()) || Infinity;
if (soft < NEEDED_FDS && !process.env.BENCH_REEXEC) {
  if (hard < NEEDED_FDS) {
    console.error(`bench: ${MAX} subscribers need about ${NEEDED_FDS} open files per process, but the hard limit is ${hard}.`);
    console.error(
      `       Raise it (e.g. /etc/security/limits.conf or \`ulimit -Hn ${NEEDED_FDS}\` as root), or set BENCH_LEVELS=1000,5000.`,
    );
    process.exit(1);
  }
  console.log(`bench: raising the open-file limit from ${soft} to ${NEEDED_FDS} for this run`);
  const r = spawnSync(
    'sh',
    ['-c', `ulimit -n ${NEEDED_FDS} && exec "$0" "$@"`, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, BENCH_REEXEC: '1' },
    },
  );
  process.exit(r.status ?? 1);
}

type Stats = { live: number; clients: number; listeners: number; rss: number; heapUsed: number; heapTotal: number; external: number };
// The service as production runs it: compiled (rebuilt only when a source is newer), plain Node.
execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
const pgDb = process.env.BENCH_DATABASE === 'postgres' ? await benchDatabase() : undefined;
const server = fork(fileURLToPath(new URL('./subscribers-server.mjs', import.meta.url)), [], {
  env: { ...process.env, BENCH_MAX_SUBSCRIBERS: String(MAX), BENCH_DATABASE_URL: pgDb?.url ?? '' },
  execArgv: ['--expose-gc'],
  // The service's JSON log lines go where a log shipper would read them; here nowhere (BENCH_SERVER_LOG=1: stdout).
  stdio: ['ignore', process.env.BENCH_SERVER_LOG ? 'inherit' : 'ignore', 'inherit', 'ipc'],
});
/** Ends a failed run: the server stopped, its throw-away database dropped. */
async function abandon(why: string): Promise<never> {
  console.error(`bench: ${why}`);
  server.kill();
  await pgDb?.drop().catch(() => undefined);
  process.exit(1);
}
server.on('exit', (code, signal) => void abandon(`the server exited (${signal ?? code})`));
process.on('unhandledRejection', (err) => void abandon(String((err as Error)?.message ?? err)));
let asked = 0;
const pending = new Map<number, (v: any) => void>();
const ready = new Promise<string>((resolve) => {
  server.on('message', (m: any) => {
    if (m.ready) resolve(m.ready);
    else {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
});
const ask = <T>(what: 'stats' | 'memory' | 'cpu' | 'published' | 'close', eventId?: string, profile?: string) =>
  new Promise<T>((resolve) => {
    const id = ++asked;
    pending.set(id, resolve);
    server.send({ id, ask: what, eventId, profile });
  });
// Bounded: whatever happens, the run ends.
const watchdog = setTimeout(() => void abandon('gave up after 10 minutes'), 10 * 60_000);

const url = await ready;
async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as any;
}
const login = await gql(
  `mutation { login(email: "admin@disporbudpar.demo", password: "tuntas-demo-2026") { __typename ... on AuthPayload { token } ... on Error { code message } } }`,
  {},
);
const token = login.data.login.token as string;
const agencies = await gql(`{ agencies { id } }`, {}, token);
if (!agencies.data) throw new Error(`bench: agencies: ${JSON.stringify(agencies)} (login: ${JSON.stringify(login)})`);
const agencyId = agencies.data.agencies[0].id as string;

const SUB = `subscription($f: LiveComplaintFilter!) { complaintStatusChanged(filter: $f) { complaintId eventId status version at } }`;
const until = async (check: () => Promise<boolean> | boolean, ms = 120_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const idle = await ask<Stats>('memory');
console.log(
  `\nserver idle: RSS ${mb(idle.rss)}, heap ${mb(idle.heapUsed)}   (${url}, ${process.env.BENCH_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite in memory'})`,
);
console.log(
  `\n subscribers | connect s | p50 ms | p99 ms | max ms | change→client p50 | server CPU per change | server RSS | heap used | heap per subscriber`,
);
console.log(
  ` ----------- | --------- | ------ | ------ | ------ | ----------------- | --------------------- | ---------- | --------- | -------------------`,
);

let n = 0;
let failures = 0;
let lastFailure = '';
/** The issue's goals at 10,000 subscribers, judged on what the largest level measured. */
let atMax: { count: number; p99: number; heapPerSubscriberKb: number; rssMb: number } | undefined;

for (const count of LEVELS) {
  n++;
  const received: { at: number; changedAt: number; eventId: string }[] = [];
  let target = '';
  const clients: Client[] = [];
  const t0 = performance.now();
  await ask('cpu', undefined, `connect-${count}`);
  // Connect in waves so the accept queue is not the thing being measured.
  for (let i = 0; i < count; i += 250) {
    for (let k = 0; k < Math.min(250, count - i); k++) {
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      client.subscribe(
        { query: SUB, variables: { f: { agencyId } } },
        {
          next: (r: any) => {
            // A refused subscription (a cap, a limit) is one result with errors, then "complete".
            if (r.errors) {
              failures++;
              lastFailure = JSON.stringify(r.errors);
              return;
            }
            const e = r.data?.complaintStatusChanged;
            if (e && e.complaintId === target) received.push({ at: Date.now(), changedAt: Date.parse(e.at), eventId: e.eventId });
          },
          error: (err: unknown) => {
            failures++;
            const e = err as { code?: number; reason?: string; message?: string; type?: string };
            lastFailure = e.message ?? `${e.type ?? 'close'} ${e.code ?? ''} ${e.reason ?? ''}`;
          },
          complete: () => undefined,
        },
      );
    }
    await until(async () => {
      if (failures > 0) throw new Error(`bench: ${failures} subscriber(s) failed: ${lastFailure}`);
      return (await ask<Stats>('stats')).live >= clients.length;
    });
  }
  const connectS = (performance.now() - t0) / 1000;
  const m = await ask<Stats>('memory');
  if (process.env.BENCH_MEMORY_DETAIL)
    console.log(
      `   (${count}: RSS ${mb(m.rss)} = heap total ${mb(m.heapTotal)} (used ${mb(m.heapUsed)}) + external ${mb(m.external)} + the rest)`,
    );
  await ask('cpu', undefined, `connect-${count}`);
  const loaded = await ask<Stats>('memory');

  const c = await gql(
    `mutation($i: ReceiveComplaintInput!) { receiveComplaint(input: $i) { ... on Complaint { id version } ... on Error { code message } } }`,
    {
      i: {
        trackingId: `BENCH-${Date.now()}-${n}`,
        kind: 'LAPORAN',
        title: 'bench',
        content: 'bench',
        submittedAt: new Date(Date.now() - 60_000).toISOString(),
        dispatchedAt: new Date(Date.now() - 30_000).toISOString(),
      },
    },
    token,
  );
  target = c.data.receiveComplaint.id;
  // Only the REGISTER event counts (RECEIVE went out before `target` was known to the clients).
  await new Promise((r) => setTimeout(r, 500));
  received.length = 0;
  const cpu0 = await ask<{ ms: number }>('cpu', undefined, `change-${count}`);
  const reg = await gql(
    `mutation($id: ID!, $v: Int!) { registerComplaint(id: $id, expectedVersion: $v) { ... on Complaint { version } } }`,
    { id: target, v: c.data.receiveComplaint.version },
    token,
  );
  if (!reg.data?.registerComplaint?.version) throw new Error(`bench: register failed: ${JSON.stringify(reg)}`);
  await until(() => received.length >= count, 60_000);
  // The server's CPU for the change: the mutation, the publication and the fan-out to every subscriber.
  const cpuMs = (await ask<{ ms: number }>('cpu', undefined, `change-${count}`)).ms - cpu0.ms;
  const eventIds = new Set(received.map((r) => r.eventId));
  if (eventIds.size !== 1) throw new Error(`bench: expected one event, got ${eventIds.size}`);
  const { at: publishedAt } = await ask<{ at: number }>('published', [...eventIds][0]);
  const sorted = received.map((r) => r.at - publishedAt).sort((x, y) => x - y);
  const fromChange = received.map((r) => r.at - r.changedAt).sort((x, y) => x - y);
  console.log(
    ` ${String(count).padStart(11)} | ${connectS.toFixed(1).padStart(9)} | ${String(pct(sorted, 50)).padStart(6)} | ${String(pct(sorted, 99)).padStart(6)} | ${String(sorted.at(-1)).padStart(6)} | ${String(pct(fromChange, 50)).padStart(17)} | ${`${cpuMs.toFixed(0)} ms`.padStart(21)} | ${mb(loaded.rss).padStart(10)} | ${mb(loaded.heapUsed).padStart(9)} | ${((loaded.heapUsed - idle.heapUsed) / count / 1024).toFixed(1).padStart(16)} KB`,
  );

  if (count === MAX) {
    atMax = {
      count,
      p99: pct(sorted, 99),
      heapPerSubscriberKb: (loaded.heapUsed - idle.heapUsed) / count / 1024,
      rssMb: loaded.rss / 1024 / 1024,
    };
  }

  await Promise.all(clients.map((cl) => cl.dispose()));
  await until(async () => {
    const s = await ask<Stats>('stats');
    return s.live === 0 && s.clients === 0 && s.listeners === 0;
  });
}
const after = await ask<Stats>('memory');
console.log(
  `\nafter all clients left: subscriptions ${after.live}, WebSocket clients ${after.clients}, listeners ${after.listeners}, RSS ${mb(after.rss)}, heap ${mb(after.heapUsed)}`,
);
console.log(
  'p50/p99/max: from when the outbox dispatcher took the committed event to publish it (its publishedAt) to each client callback;',
);
console.log('change→client: from the change’s own timestamp (inside the transaction, before commit). Clients share one Node process.');
console.log('server CPU per change: the service process’s user+system CPU from the mutation to the last delivery.\n');
if (atMax) {
  const verdict = (value: number, goal: number, unit: string) =>
    `${value.toFixed(unit === 'ms' ? 0 : 1)} ${unit} → ${value < goal ? 'met' : `NOT met (${(((value - goal) / goal) * 100).toFixed(0)} % over)`}`;
  const where = atMax.count === 10_000 ? '' : ` (measured at ${atMax.count}, not 10,000)`;
  console.log(`goals at 10,000 subscribers${where}, one change:`);
  console.log(`  p99 < 300 ms: ${verdict(atMax.p99, 300, 'ms')}`);
  console.log(`  heap per subscriber < 5 KB: ${verdict(atMax.heapPerSubscriberKb, 5, 'KB')}`);
  console.log(
    `  service RSS < 400 MB${pgDb ? '' : ' (only meaningful with BENCH_DATABASE=postgres: PGlite runs inside the service)'}: ${verdict(atMax.rssMb, 400, 'MB')}`,
  );
  console.log('');
}
server.removeAllListeners('exit');
await ask('close');
await pgDb?.drop();
clearTimeout(watchdog);
process.exit(0);
