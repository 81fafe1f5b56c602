// `npm run bench -- <name>`: runs bench/<name>.ts. Benchmarks print numbers and ratios; they never
// assert (speed goals are not tests).
const BENCHES: Record<string, () => Promise<unknown>> = {
  sweep: () => import('./sweep.js'),
};

const name = process.argv[2];
if (!name || !BENCHES[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
await BENCHES[name]!();
