// Throughput against a bare GraphQL server: `npm run bench -- http`. Starts three servers, each in
// its own process: a graphql-yoga hello world (the baseline), tuntas on PostgreSQL
// (BENCH_DATABASE_URL / TEST_DATABASE_URL, a throw-away database) and tuntas on embedded PGlite.
// For each request it runs wrk (2 threads, 50 connections) against the baseline and both tuntas
// side by side, so the machine's load at that moment hits all three alike, and prints requests/s and
// the ratio tuntas / bare. Every request is first checked once for the expected answer (no errors).
//
// Needs `wrk` (Debian: apt-get install -y wrk). BENCH_SECONDS (default 5) per measurement,
// BENCH_ROUNDS (default 1) repetitions (the table then shows min–max), BENCH_ONLY=status,staff to pick
// requests, BENCH_TARGETS=postgres,pglite to pick databases. REDIS_URL: tuntas on PostgreSQL uses it
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
      // graphql-js skips its development-only checks only when NODE_ENV is production, as deployed.
      env: { ...process.env, BENCH_TARGET: target, NODE_ENV: 'production' },
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
  heavy?: boolean;
  /** Also measure the replay server (graphql-js and Yoga alone) answering this request's answer. */
  replay?: boolean;
}

const STAFF_PAGE = `query { complaints(first: 50) { totalCount edges { node {
  id trackingId status round registerNumber
  deadlines { followUp { dueAt overdue remainingWorkingDays } autoClose { dueAt remainingWorkingDays } ombudsman { dueAt escalated remainingDays } }
  divisions { code name }
  history { action actorRole at fromStatus toStatus }
} } } }`;

const requests: Req[] = [
  {
    name: 'complaintStatus (anonymous)',
    body: (r) =>
      JSON.stringify({
        query:
          'query($t: String!) { complaintStatus(trackingId: $t) { trackingId kind status round receivedAt registeredAt respondedAt closedAt agencyName } }',
        variables: { t: r.trackingId },
      }),
    headers: () => ({}),
    check: (d) => d.complaintStatus?.trackingId != null,
  },
  {
    name: 'complaintStatuses(first:50) (API key)',
    body: () =>
      JSON.stringify({
        query:
          'query { complaintStatuses(first: 50) { totalCount edges { cursor node { trackingId kind status round receivedAt registeredAt respondedAt closedAt agencyName } } } }',
      }),
    headers: (r) => ({ 'x-api-key': r.apiKey! }),
    check: (d) => d.complaintStatuses?.edges?.length === 50,
  },
  {
    name: 'staff complaints(first:50) nested',
    body: () => JSON.stringify({ query: STAFF_PAGE }),
    headers: (r) => ({ authorization: `Bearer ${r.headToken}` }),
    check: (d) => d.complaints?.edges?.length === 50 && d.complaints.edges[0].node.history.length > 0,
    heavy: true,
    replay: true,
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
    heavy: true,
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

const HELLO: Req = {
  name: 'bare',
  body: () => JSON.stringify({ query: '{ hello }' }),
  headers: () => ({}),
  check: (d) => d.hello === 'world',
};

const dir = mkdtempSync(path.join(tmpdir(), 'tuntas-bench-http-'));
let scriptN = 0;

interface Measured {
  rps: number;
  /** Server CPU time per request, ms (user + system of the server process during the run). */
  cpuMs: number;
}

function askCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { cpu?: number }) => {
      if (m.cpu === undefined) return;
      child.off('message', on);
      resolve(m.cpu);
    };
    child.on('message', on);
    child.send({ ask: 'cpu' });
  });
}

/** Asks a server something and waits for the answer that has `field`. */
function ask<T>(child: ChildProcess, what: string, field: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(field in m)) return;
      child.off('message', on);
      resolve(m[field] as T);
    };
    child.on('message', on);
    child.send({ ask: what });
  });
}

/**
 * Where a server's CPU time goes for one request: a profiled wrk run (not one of the measured ones),
 * the busy time summed by what spent it, per request.
 */
async function profileOf(req: Req, server: { child: ChildProcess; ready: Ready }): Promise<{ perRequest: [string, number][] }> {
  const file = writeScript(req, server.ready);
  await ask(server.child, 'profile-start', 'profiling');
  const out = execFileSync('wrk', ['-t2', '-c50', '--timeout', '30s', `-d${SECONDS}s`, '-s', file, server.ready.url], { encoding: 'utf8' });
  const spent = await ask<[string, number][]>(server.child, 'profile-stop', 'profile');
  const total = Number(/(\d+) requests in/.exec(out)![1]);
  return { perRequest: spent.map(([what, us]) => [what, us / 1000 / total]) };
}

/** wrk for one request against one server: requests/s, and the server's CPU time per request. */
async function wrk(req: Req, server: { child: ChildProcess; ready: Ready }): Promise<Measured> {
  const file = writeScript(req, server.ready);
  const cpu0 = await askCpu(server.child);
  // Heavy requests get a longer run, so that enough of them complete to count.
  const seconds = req.heavy ? Math.max(SECONDS, 20) : SECONDS;
  const out = execFileSync('wrk', ['-t2', '-c50', '--timeout', '30s', `-d${seconds}s`, '-s', file, server.ready.url], { encoding: 'utf8' });
  const cpu1 = await askCpu(server.child);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`${req.name}: ${errors[1]} failed responses\n${out}`);
  const total = Number(/(\d+) requests in/.exec(out)![1]);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]), cpuMs: total ? (cpu1 - cpu0) / 1000 / total : NaN };
}

async function answerOf(req: Req, ready: Ready): Promise<Record<string, unknown>> {
  const res = await fetch(ready.url, { method: 'POST', headers: { 'content-type': 'application/json', ...req.headers(ready) }, body: req.body(ready) });
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

async function check(req: Req, ready: Ready) {
  const res = await fetch(ready.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...req.headers(ready) },
    body: req.body(ready),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors || !req.check(body.data)) throw new Error(`${req.name}: unexpected answer ${JSON.stringify(body).slice(0, 500)}`);
}

const servers: Record<string, { child: ChildProcess; ready: Ready }> = {};
try {
  const started = await Promise.all([start('bare'), ...TARGETS.map((t) => start(t))]);
  servers.bare = started[0]!;
  TARGETS.forEach((t, i) => {
    servers[t] = started[i + 1]!;
  });
  const only = process.env.BENCH_ONLY?.split(',');
  const chosen = requests.filter((r) => !only || only.some((o) => r.name.toLowerCase().includes(o.toLowerCase())));
  for (const req of chosen) for (const t of TARGETS) await check(req, servers[t]!.ready);
  await check(HELLO, servers.bare.ready);
  // The replay server gets the page tuntas answered (from the first target) and must answer it alike.
  const replayed = chosen.find((r) => r.replay);
  if (replayed) {
    servers.replay = await start('replay');
    const data = await answerOf(replayed, servers[TARGETS[0]!]!.ready);
    await new Promise<void>((resolve) => {
      servers.replay!.child.once('message', () => resolve());
      servers.replay!.child.send({ ask: 'answer', data });
    });
    const again = await answerOf(replayed, servers.replay.ready);
    if (JSON.stringify(again) !== JSON.stringify(data)) throw new Error('replay server answered differently');
  }

  type Row = {
    rps: Record<string, number[]>;
    ratio: Record<string, number[]>;
    cpuRatio: Record<string, number[]>;
    cpuMs: Record<string, number[]>;
  };
  const results: Record<string, Row> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const req of chosen) {
      results[req.name] ??= { rps: {}, ratio: {}, cpuRatio: {}, cpuMs: {} };
      const r = results[req.name]!;
      // Warm-up of the tuntas servers (JIT, caches, connection pools), not counted.
      for (const t of TARGETS)
        execFileSync('wrk', ['-t2', '-c50', '--timeout', '20s', '-d1s', '-s', writeScript(req, servers[t]!.ready), servers[t]!.ready.url]);
      // bare, tuntas A, bare, tuntas B, bare: each tuntas run is compared with the bare runs on
      // either side of it, so a change of the machine's load during the run hits both alike.
      let before = await wrk(HELLO, servers.bare);
      for (const t of TARGETS) {
        const mine = await wrk(req, servers[t]!);
        const after = await wrk(HELLO, servers.bare);
        const bare = { rps: (before.rps + after.rps) / 2, cpuMs: (before.cpuMs + after.cpuMs) / 2 };
        push(r.rps, t, mine.rps);
        push(r.rps, `bare/${t}`, bare.rps);
        push(r.ratio, t, mine.rps / bare.rps);
        push(r.cpuMs, t, mine.cpuMs);
        push(r.cpuMs, `bare/${t}`, bare.cpuMs);
        push(r.cpuRatio, t, bare.cpuMs / mine.cpuMs);
        before = after;
      }
      if (req.replay && servers.replay) {
        const mine = await wrk(req, servers.replay);
        const after = await wrk(HELLO, servers.bare);
        push(r.ratio, 'replay', mine.rps / after.rps);
        push(r.cpuRatio, 'replay', after.cpuMs / mine.cpuMs);
        push(r.cpuMs, 'replay', mine.cpuMs);
        console.log(
          `round ${round + 1} ${req.name}, the same answer from memory (graphql-js + Yoga, no data layer): ${Math.round(mine.rps)} req/s → ${(mine.rps / after.rps).toFixed(3)} of bare; CPU ${mine.cpuMs.toFixed(2)} ms/req → ${(after.cpuMs / mine.cpuMs).toFixed(3)}`,
        );
      }
      const line = TARGETS.map(
        (t) =>
          `${t} ${fmt(r.rps[t]!)} req/s vs bare ${fmt(r.rps[`bare/${t}`]!)} → ${fmtRatio(r.ratio[t]!)}; CPU ${r.cpuMs[t]!.at(-1)!.toFixed(2)} ms/req vs ${r.cpuMs[`bare/${t}`]!.at(-1)!.toFixed(2)} → ${r.cpuRatio[t]!.at(-1)!.toFixed(3)}`,
      ).join(' | ');
      console.log(`round ${round + 1} ${req.name}: ${line}`);
    }
  }
  console.log(
    '\nthroughput (wrk -t2 -c50) and its ratio to the bare server; CPU ms per request of the server process and the inverse ratio (bare CPU / tuntas CPU)',
  );
  console.log(`| request | ${TARGETS.map((t) => `${t} req/s | bare req/s | ratio | ${t} CPU ms/req | CPU ratio`).join(' | ')} |`);
  console.log(`| --- | ${TARGETS.map(() => '--- | --- | --- | --- | ---').join(' | ')} |`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `| ${name} | ${TARGETS.map((t) => `${fmt(r.rps[t]!)} | ${fmt(r.rps[`bare/${t}`]!)} | ${fmtRatio(r.ratio[t]!)} | ${fmtMs(r.cpuMs[t]!)} | ${fmtRatio(r.cpuRatio[t]!)}`).join(' | ')} |`,
    );
  }
  printGoals(results);
  // Why the staff page falls short: its profile beside the replay server's (the same answer with no
  // data layer) and the bare server's. BENCH_PROFILE=0 skips it.
  if (replayed && servers.replay && process.env.BENCH_PROFILE !== '0') {
    const t = TARGETS[0]!;
    const [mine, theirs, bare] = [
      await profileOf(replayed, servers[t]!),
      await profileOf(replayed, servers.replay),
      await profileOf(HELLO, servers.bare),
    ];
    const sum = (p: { perRequest: [string, number][] }) => p.perRequest.reduce((a, [, ms]) => a + ms, 0);
    console.log(
      `\n${replayed.name}: CPU profile, busy ms per request (a profiled run; the profiler adds a little to every figure)`,
    );
    console.log(`  tuntas on ${t} ${sum(mine).toFixed(2)} ms | same answer from memory ${sum(theirs).toFixed(2)} ms | bare hello world ${sum(bare).toFixed(2)} ms`);
    const replayOf = new Map(theirs.perRequest);
    for (const [what, ms] of mine.perRequest.slice(0, 12)) {
      const r = replayOf.get(what);
      console.log(
        `  ${what.padEnd(42)} ${ms.toFixed(2).padStart(6)} ms  ${((ms / sum(mine)) * 100).toFixed(0).padStart(3)} %${r !== undefined ? `   (from memory: ${r.toFixed(2)} ms)` : ''}`,
      );
    }
    const needed = sum(bare) / 0.1;
    console.log(
      `  a ratio of 0.1 needs ≤ ${needed.toFixed(2)} ms of CPU per request; graphql-js, Yoga and Node's HTTP alone spend ${sum(theirs).toFixed(2)} ms sending this answer`,
    );
  }
} finally {
  await Promise.all(
    Object.values(servers).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.child.once('exit', () => resolve());
          s.child.send({ ask: 'close' }, () => undefined);
          setTimeout(() => {
            s.child.kill();
            resolve();
          }, 10_000).unref();
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
function fmtMs(xs: number[]) {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length === 1 ? lo.toFixed(2) : `${lo.toFixed(2)}–${hi.toFixed(2)}`;
}
function fmtRatio(xs: number[]) {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return xs.length === 1 ? lo.toFixed(3) : `${lo.toFixed(3)}–${hi.toFixed(3)}`;
}

/** The issue's goals, judged on the worst round, by throughput and by CPU time per request. */
function printGoals(results: Record<string, { ratio: Record<string, number[]>; cpuRatio: Record<string, number[]> }>) {
  const goals: [string, string, number][] = [
    ['complaintStatus (anonymous)', 'postgres', 0.5],
    ['complaintStatus (anonymous)', 'pglite', 0.3],
    ['complaintStatuses(first:50) (API key)', 'postgres', 0.25],
    ['staff complaints(first:50) nested', 'postgres', 0.1],
  ];
  console.log('\ngoals (worst round; throughput ratio, then CPU ratio):');
  const verdict = (x: number, goal: number) => (x >= goal ? 'met' : `NOT met (${((x / goal) * 100).toFixed(0)} % of the goal)`);
  for (const [name, t, goal] of goals) {
    const r = results[name]?.ratio[t];
    const c = results[name]?.cpuRatio[t];
    if (!r || !c) continue;
    const worst = Math.min(...r);
    const worstCpu = Math.min(...c);
    console.log(
      `  ${name} on ${t}, goal ≥ ${goal}: throughput ${worst.toFixed(3)} → ${verdict(worst, goal)}; CPU ${worstCpu.toFixed(3)} → ${verdict(worstCpu, goal)}`,
    );
    const ceiling = results[name]?.ratio.replay;
    const ceilingCpu = results[name]?.cpuRatio.replay;
    if (ceiling && ceilingCpu && t === 'postgres') {
      console.log(
        `    ceiling: graphql-js + Yoga alone sending this answer from memory reach ${Math.max(...ceiling).toFixed(3)} (CPU ${Math.max(...ceilingCpu).toFixed(3)}) of bare; tuntas is at ${((worst / Math.max(...ceiling)) * 100).toFixed(0)} % of that`,
      );
    }
  }
}

/** Appends to the list under key, creating it. */
function push(lists: Record<string, number[]>, key: string, value: number) {
  lists[key] ??= [];
  lists[key].push(value);
}
