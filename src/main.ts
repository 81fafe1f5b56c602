// Entry point: `npm start`. Configuration errors exit with one line, no stack trace.
import type { App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { MigrationError } from './db/migrate.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tuntas: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  // Signals are handled from the start: one during start-up (initdb, migrations) waits for start-up to
  // finish and then closes the database cleanly instead of killing PGlite mid-write.
  let app: App | undefined;
  let stopSignal: string | undefined;
  const stop = (signal: string) => {
    if (stopSignal) return;
    stopSignal = signal;
    if (!app) return;
    app.services.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app!.services.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  try {
    // Loaded only once the configuration is valid, so a bad value is reported at once. The database
    // opens first: PGlite compiles its Wasm on other threads while the rest of the code loads.
    const { openDatabase } = await import('./db/database.js');
    const opening = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, demo: config.seedDemo });
    // createApp reports a failure to open; until then it must not count as unhandled.
    opening.catch(() => undefined);
    const { createApp } = await import('./app.js');
    app = await createApp(config, { opening });
  } catch (err) {
    if (err instanceof MigrationError) {
      console.error(`tuntas: cannot start: ${err.message}. The database was left as it was before this migration.`);
      process.exit(3);
    }
    throw err;
  }
  if (stopSignal) {
    const signal = stopSignal;
    stopSignal = undefined;
    return stop(signal);
  }
  try {
    await app.listen();
  } catch (err) {
    // Port taken, say: close the database cleanly before giving up.
    await app.close().catch(() => undefined);
    throw err;
  }
}

main().catch((err) => {
  console.error('tuntas: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
