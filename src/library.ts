// The service as a library: what starting an instance in-process needs. A second entry of the
// production bundle (scripts/build.mjs → dist/bundle/library.js), so a benchmark can run exactly the
// code `npm start` runs, under plain Node.
export { createApp } from './app.js';
export { loadConfig } from './config.js';
export { openDatabase } from './db/database.js';
export { seedDemoData } from './seed/demo.js';
