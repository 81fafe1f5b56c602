// Throughput against a bare GraphQL server: `npm run bench -- http`. Starts three servers, each in
// its own process: a graphql-yoga hello world (the baseline), tuntas on PostgreSQL
// (BENCH_DATABASE_URL / TEST_DATABASE_URL, a throw-away database) and tuntas on embedded PGlite.
// For each request it runs wrk (2 threads, 50 connections) against the baseline and both tuntas
// side by side, so the machine's load at that moment hits all three alike, and prints requests/s and
// the ratio tuntas / bare. Every request is first checked once for the expected answer (no errors).
//
// Needs `wrk` (Debian: apt-get install -y wrk). BENCH_SECONDS (default 5) per measurement,
// BENCH_ROUNDS (default 1) repetitions (the table then shows min–max), BENCH_ONLY=status,staff to pick
// requests, BENCH_TARGETS=postgres,pglite to pick databases. REDIS_URL: the tuntas instances use it
// (shared cache generation, pub/sub), as a deployment with several instances would.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const TARGETS = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];

interface Ready {
  url: string;
  headToken?: string;
  adminToken?: string;
  apiKey?: string;
  trackingId?: string;
}

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (err) {
  // wrk --version exits 1 but runs; only a missing binary is fatal.
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error('wrk not found: apt-get install -y wrk');
    process.exit(2);
  }
}

function start(target: string): Promise<{ child: ChildProcess; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'http-server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_TARGET: target },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (m: { ready: Ready }) => resolve({ child, ready: m.ready }));
    child.once('exit', (code) => reject(new Error(`${target} server exited (${code})`)));
  });
}

interface Req {
  name: string;
  /** The request body and headers for one server (bare gets the hello world). */
  body: (r: Ready) => string;
  headers: (r: Ready) => Record<string, string>;
  /** Lua: a body per request (unique tracking IDs for the mutation). */
  lua?: (r: Ready) => string;
  check: (data: any) => boolean;
}

const STAFF_PAGE = `query { complaints(first: 50) { totalCount edges { node {
  id trackingId status round registerNumber
  deadlines { followUp { dueAt state } autoClose { dueAt state } ombudsman { dueAt state } }
  divisions { code name }
  history { action actorRole at fromStatus toStatus }
} } } }`;

const requests: Req[] = [
  {
    name: 'complaintStatus (anonymous)',
    body: (r) => JSON.stringify({ query: 'query($t: String!) { complaintStatus(trackingId: $t) { trackingId kind status round receivedAt registeredAt respondedAt closedAt agencyName } }', variables: { t: r.trackingId } }),
    headers: () => ({}),
    check: (d) => d.complaintStatus?.trackingId != null,
  },
  {
    name: 'complaintStatuses(first:50) (API key)',
    body: () => JSON.stringify({ query: 'query { complaintStatuses(first: 50) { totalCount edges { cursor node { trackingId kind status round receivedAt registeredAt respondedAt closedAt agencyName } } } }' }),
    headers: (r) => ({ 'x-api-key': r.apiKey! }),
    check: (d) => d.complaintStatuses?.edges?.length === 50,
  },
  {
    name: 'staff complaints(first:50) nested',
    body: () => JSON.stringify({ query: STAFF_PAGE }),
    headers: (r) => ({ authorization: `Bearer ${r.headToken}` }),
    check: (d) => d.complaints?.edges?.length === 50 && d.complaints.edges[0].node.history.length > 0,
  },
  {
    name: 'receiveComplaint (SOP step 1)',
    body: () => JSON.stringify({ query: RECEIVE, variables: { i: { ...RECEIVE_INPUT, trackingId: `CHECK-${Date.now()}` } } }),
    headers: (r) => ({ authorization: `Bearer ${r.adminToken}` }),
    lua: () => {
      const [before, after] = JSON.stringify({ query: RECEIVE, variables: { i: { ...RECEIVE_INPUT, trackingId: '@@' } } }).split('@@');
      return `
        local n = 0
        local tid = 0
        setup = function(thread) tid = tid + 1; thread:set("tid", tid) end
        request = function()
          n = n + 1
          local body = ${luaString(before!)} .. "WRK-" .. tostring(tid) .. "-" .. tostring(os.time()) .. "-" .. tostring(n) .. ${luaString(after!)}
          return wrk.format(nil, nil, nil, body)
        end`;
    },
    check: (d) => d.receiveComplaint?.__typename === 'Complaint',
  },
];

const RECEIVE = `mutation($i: ReceiveComplaintInput!) { receiveComplaint(input: $i) { __typename ... on Complaint { id status version } ... on Error { code message } } }`;
const RECEIVE_INPUT = {
  kind: 'LAPORAN',
  title: 'Lampu jalan di depan GOR padam',
  content: 'Sudah seminggu lampu jalan di depan GOR padam, mohon ditindaklanjuti.',
  submittedAt: '2026-06-01T01:00:00.000Z',
  dispatchedAt: '2026-06-01T02:00:00.000Z',
  reporter: { name: 'Warga', contact: '0812-0000' },
};

function luaString(s: string) {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const HELLO: Req = { name: 'bare', body: () => JSON.stringify({ query: '{ hello }' }), headers: () => ({}), check: (d) => d.hello === 'world' };

const dir = mkdtempSync(path.join(tmpdir(), 'tuntas-bench-http-'));
let scriptN = 0;

/** requests/s of wrk for one request against one server. */
function wrk(req: Req, ready: Ready): number {
  const file = writeScript(req, ready);
  const out = execFileSync('wrk', ['-t2', '-c50', `-d${SECONDS}s`, '-s', file, ready.url], { encoding: 'utf8' });
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`${req.name}: ${errors[1]} failed responses\n${out}`);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]);
}

async function check(req: Req, ready: Ready) {
  const res = await fetch(ready.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers(ready) }, body: req.body(ready) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors || !req.check(body.data)) throw new Error(`${req.name}: unexpected answer ${JSON.stringify(body).slice(0, 500)}`);
}

const servers: Record<string, { child: ChildProcess; ready: Ready }> = {};
try {
  const started = await Promise.all([start('bare'), ...TARGETS.map((t) => start(t))]);
  servers.bare = started[0]!;
  TARGETS.forEach((t, i) => (servers[t] = started[i + 1]!));
  const only = process.env.BENCH_ONLY?.split(',');
  const chosen = requests.filter((r) => !only || only.some((o) => r.name.toLowerCase().includes(o.toLowerCase())));
  for (const req of chosen) for (const t of TARGETS) await check(req, servers[t]!.ready);
  await check(HELLO, servers.bare.ready);

  const results: Record<string, { rps: Record<string, number[]>; ratio: Record<string, number[]> }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const req of chosen) {
      const r = (results[req.name] ??= { rps: {}, ratio: {} });
      // Warm-up of the tuntas servers (JIT, caches, connection pools), not counted.
      for (const t of TARGETS) execFileSync('wrk', ['-t2', '-c50', '-d1s', '-s', writeScript(req, servers[t]!.ready), servers[t]!.ready.url]);
      for (const t of TARGETS) {
        const bare = wrk(HELLO, servers.bare.ready);
        const mine = wrk(req, servers[t]!.ready);
        (r.rps[t] ??= []).push(mine);
        (r.rps[`bare/${t}`] ??= []).push(bare);
        (r.ratio[t] ??= []).push(mine / bare);
      }
      const line = TARGETS.map((t) => `${t} ${fmt(r.rps[t]!)} req/s vs bare ${fmt(r.rps[`bare/${t}`]!)} → ${fmtRatio(r.ratio[t]!)}`).join(' | ');
      console.log(`round ${round + 1} ${req.name}: ${line}`);
    }
  }
  console.log(`\n| request | ${TARGETS.map((t) => `${t} req/s | bare req/s | ratio`).join(' | ')} |`);
  console.log(`| --- | ${TARGETS.map(() => '--- | --- | ---').join(' | ')} |`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`| ${name} | ${TARGETS.map((t) => `${fmt(r.rps[t]!)} | ${fmt(r.rps[`bare/${t}`]!)} | ${fmtRatio(r.ratio[t]!)}`).join(' | ')} |`);
  }
  printGoals(results);
} finally {
  await Promise.all(
    Object.values(servers).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.child.once('exit', () => resolve());
          s.child.send({ ask: 'close' }, () => undefined);
          setTimeout(() => (s.child.kill(), resolve()), 10_000).unref();
        }),
    ),
  );
}

function writeScript(req: Req, ready: Ready) {
  const file = path.join(dir, `w${scriptN++}.lua`);
  const headers = { 'content-type': 'application/json', ...req.headers(ready) };
  const lines = [`wrk.method = "POST"`, `wrk.body = ${luaString(req.body(ready))}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  if (req.lua) lines.push(req.lua(ready));
  writeFileSync(file, lines.join('\n'));
  return file;
}

function fmt(xs: number[]) {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi || xs.length === 1 ? `${Math.round(lo)}` : `${Math.round(lo)}–${Math.round(hi)}`;
}
function fmtRatio(xs: number[]) {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length === 1 ? lo.toFixed(3) : `${lo.toFixed(3)}–${hi.toFixed(3)}`;
}

/** The issue's goals, judged on the worst round. */
function printGoals(results: Record<string, { ratio: Record<string, number[]> }>) {
  const goals: [string, string, number][] = [
    ['complaintStatus (anonymous)', 'postgres', 0.5],
    ['complaintStatus (anonymous)', 'pglite', 0.3],
    ['complaintStatuses(first:50) (API key)', 'postgres', 0.25],
    ['staff complaints(first:50) nested', 'postgres', 0.1],
  ];
  console.log('\ngoals (worst round):');
  for (const [name, t, goal] of goals) {
    const r = results[name]?.ratio[t];
    if (!r) continue;
    const worst = Math.min(...r);
    console.log(`  ${name} on ${t}: ${worst.toFixed(3)} × bare, goal ≥ ${goal} → ${worst >= goal ? 'met' : `NOT met (${((worst / goal) * 100).toFixed(0)} % of the goal)`}`);
  }
}
