// `npm run bench -- <name>`: runs one benchmark module from this folder by name.
const benches: Record<string, string> = {
  subscribers: './subscribers.js',
};

const name = process.argv[2];
if (!name || !(name in benches)) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
await import(benches[name]!);
