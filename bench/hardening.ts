// The issue-11 attacks against a real server (embedded database, demo data): 20,000 aliases of
// complaintStatus without login, and agencies{divisions{agency{…}}} 8 levels deep signed in. Each is
// sent several times while /healthz is polled; prints the attack's latency and /healthz's worst
// latency during it, against an idle /healthz and a normal query in the same run. Goal: attacks answered
// with a typed error in < 100 ms while /healthz stays < 50 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuntas-bench-hardening-'));
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_ADDRESS: '100000' });
const app = await createApp(config, { sweep: false });
const url = await app.listen(0, '127.0.0.1');
const healthz = url.replace('/graphql', '/healthz');

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, json: (await r.json()) as { errors?: { extensions?: { code?: string } }[] } }),
  );
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

const login = await post({
  query: `mutation { login(email: "koordinator@lapor.demo", password: "tuntas-demo-2026") { ... on AuthPayload { token } } }`,
});
const token = (login.json as { data: { login: { token: string } } }).data.login.token;

const aliases = `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: complaintStatus(trackingId: "X") { status }`).join(' ')} }`;
let nested = 'code';
for (let i = 0; i < 8; i++) nested = i % 2 === 1 ? `divisions { ${nested} }` : `agency { ${nested} }`;
const nesting = `{ agencies { ${nested} } }`;

// Warm-up: first use of each path loads code.
for (let i = 0; i < 3; i++) {
  await fetch(healthz);
  await post({ query: '{ complaintStatus(trackingId: "X") { status } }' });
  await post({ query: aliases });
  await post({ query: nesting }, { authorization: `Bearer ${token}` });
}

const idle: number[] = [];
for (let i = 0; i < 20; i++) idle.push((await timed(() => fetch(healthz).then((r) => r.text())))[0]);
const normal: number[] = [];
for (let i = 0; i < ROUNDS; i++) normal.push((await timed(() => post({ query: '{ complaintStatus(trackingId: "X") { status } }' })))[0]);

async function attack(name: string, send: () => ReturnType<typeof post>) {
  const times: number[] = [];
  const health: number[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < ROUNDS; i++) {
    let running = true;
    const poll = (async () => {
      while (running) health.push((await timed(() => fetch(healthz).then((r) => r.text())))[0]);
    })();
    const [ms, r] = await timed(send);
    running = false;
    await poll;
    times.push(ms);
    codes.add(r.json.errors?.[0]?.extensions?.code ?? `no error (HTTP ${r.status})`);
  }
  console.log(
    `${name.padEnd(34)} answer median ${median(times).toFixed(1)} ms, max ${max(times).toFixed(1)} ms (${[...codes].join(', ')}); ` +
      `/healthz during it: max ${max(health).toFixed(1)} ms over ${health.length} polls`,
  );
  return { answer: max(times), health: max(health) };
}

console.log(
  `baseline: idle /healthz median ${median(idle).toFixed(1)} ms, max ${max(idle).toFixed(1)} ms; normal complaintStatus median ${median(normal).toFixed(1)} ms`,
);
const a = await attack('20,000 aliases, anonymous', () => post({ query: aliases }));
const n = await attack('8-level agencies nesting, staff', () => post({ query: nesting }, { authorization: `Bearer ${token}` }));
console.log(
  `ratios vs normal query: aliases ${(a.answer / median(normal)).toFixed(1)}x, nesting ${(n.answer / median(normal)).toFixed(1)}x; ` +
    `goal: answers < 100 ms (${a.answer < 100 && n.answer < 100 ? 'met' : 'NOT met'}), /healthz < 50 ms (${a.health < 50 && n.health < 50 ? 'met' : 'NOT met'})`,
);
await app.close();
rmSync(dataDir, { recursive: true, force: true });
