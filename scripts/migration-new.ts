// Creates prisma/migrations/<timestamp>_<name>/migration.sql from the change between the schema as of
// the last migration (prisma/schema.snapshot.prisma) and prisma/schema.prisma. Needs no database:
// `prisma migrate dev` cannot run here (see DEVELOPERS.md), `prisma migrate diff` can.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:new -- <snake_case_name>');
  process.exit(2);
}
const snapshot = 'prisma/schema.snapshot.prisma';
const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
const sql = execFileSync('npx', ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.error('No schema change since the last migration.');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
copyFileSync('prisma/schema.prisma', snapshot);
console.log(`Wrote ${dir}/migration.sql; review it, add any SQL Prisma cannot express, commit both.`);
