import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/graphql/print.js';

describe('schema.graphql', () => {
  it('is the committed print of the Pothos schema (run `npm run schema:print` when this fails)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(printSchemaFile()).toBe(committed);
  });
});

describe('prisma/schema.prisma', () => {
  it('has no change that lacks a migration (run `npm run db:migration:new -- <name>` when this fails)', async () => {
    const { execFileSync } = await import('node:child_process');
    const sql = execFileSync(
      'npx',
      [
        'prisma',
        'migrate',
        'diff',
        '--from-schema-datamodel',
        'prisma/schema.snapshot.prisma',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--script',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(sql.trim()).toBe('-- This is an empty migration.');
  });
});
