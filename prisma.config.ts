// Prisma CLI configuration. `engine: "js"` with a driver adapter lets `prisma migrate diff` run on the
// bundled Wasm schema engine: no native engine download, which these machines cannot do.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// The schema's datasource needs a URL to parse; the CLI commands we use never connect to it.
process.env.DATABASE_URL ??= 'postgresql://localhost/unused';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  experimental: { adapter: true },
  // An in-memory PGlite: the CLI only needs a connection for commands that touch a database,
  // which we do not use (migrations are applied by the service itself).
  // (The adapter pins an older @prisma/driver-adapter-utils, hence the cast; the runtime contract matches.)
  adapter: async () => new PrismaPGlite(new PGlite()) as never,
});
