// `npm run bench -- <name>`: runs one benchmark module from this folder by name. Benchmarks print
// numbers and ratios; they never assert (speed goals are not tests).
const benches: Record<string, () => Promise<unknown>> = {
  sweep: () => import('./sweep.js'),
  subscribers: () => import('./subscribers.js'),
  hardening: () => import('./hardening.js'),
  export: () => import('./export.js'),
  http: () => import('./http.js'),
  startup: () => import('./startup.js'),
  'demo-seed': () => import('./demo-seed.js'),
  import: () => import('./import.js'),
  console: () => import('./console.js'),
};

const name = process.argv[2];
if (!name || !(name in benches)) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
await benches[name]!();
