// `postinstall`: builds the embedded database template (src/db/pglite-template.ts) so the first start on
// an empty data folder and every PGlite test file skip initdb, and its demo variant
// (src/server/demo-template.ts) so a first demo start only replays the demo complaints. Never fails the
// install: without a template the service runs initdb as before, only slower.
import { buildTemplate, TEMPLATE_DIR } from '../src/db/pglite-template.js';
import { buildDemoTemplate } from '../src/server/demo-template.js';

const t0 = performance.now();
try {
  const t = await buildTemplate();
  console.log(
    `tuntas: embedded database template ready (${t.migrations.length} migration(s), ${Math.round(performance.now() - t0)} ms) in ${TEMPLATE_DIR}`,
  );
  const t1 = performance.now();
  try {
    await buildDemoTemplate(t);
    console.log(`tuntas: its demo variant ready (${Math.round(performance.now() - t1)} ms)`);
  } catch (err) {
    console.warn(
      `tuntas: could not build the demo variant of the embedded database template (${err instanceof Error ? err.message : err}); a first demo start seeds everything itself`,
    );
  }
} catch (err) {
  console.warn(
    `tuntas: could not build the embedded database template (${err instanceof Error ? err.message : err}); first start will run initdb`,
  );
}
