// The install-time template of the embedded database: used only when its migrations are a prefix of
// the committed ones (the runner then applies the rest), copied only into an empty folder, ignored
// when missing. Embedded database only (runs in the PGlite pass).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { applyMigrations, type Migration } from '../../src/db/migrate.js';
import { buildTemplate, copyTemplateInBackground, copyTemplateTo, findTemplate } from '../../src/db/pglite-template.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
const a = migration('20000101000000_a', 'CREATE TABLE a (x int);');
const b = migration('20000102000000_b', 'CREATE TABLE b (y int);');
const dir = path.join(root, 'template');

describe.runIf(process.env.TEST_DB !== 'postgres')('embedded database template', () => {
  beforeAll(async () => {
    await buildTemplate(dir, [a]);
  });

  it('is used when its migrations are a prefix of the committed ones; the runner applies the rest', async () => {
    const template = findTemplate(dir, [a, b]);
    expect(template?.migrations).toEqual([a.name]);
    const dataDir = path.join(root, 'fresh');
    expect(copyTemplateTo(dataDir, template)).toBe(true);
    // No half-copied folder left next to it.
    expect(readdirSync(root).filter((f) => f.includes('.init-'))).toEqual([]);
    const db = await openDatabase({ databaseUrl: null, dataDir });
    try {
      expect(db.origin).toBe('existing');
      const report = await db.withSession((s) => applyMigrations(s, [a, b]));
      expect(report).toEqual({ applied: [b.name], alreadyApplied: 1 });
      const tables = await db.withSession((s) =>
        s.query<{ t: string }>(`SELECT to_regclass('a')::text AS t UNION ALL SELECT to_regclass('b')::text`),
      );
      expect(tables.map((r) => r.t)).toEqual(['a', 'b']);
    } finally {
      await db.close();
    }
  });

  it('is ignored when a migration in it was edited, or is unknown to this code, or when it is missing', () => {
    expect(findTemplate(dir, [migration(a.name, 'CREATE TABLE a (x bigint);'), b])).toBeNull();
    expect(findTemplate(dir, [b])).toBeNull();
    expect(findTemplate(dir, [])).toBeNull();
    expect(findTemplate(path.join(root, 'nowhere'), [a])).toBeNull();
  });

  it('is copied only into a missing or empty folder, never over existing files', () => {
    const template = findTemplate(dir, [a]);
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    expect(copyTemplateTo(busy, template)).toBe(false);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect(copyTemplateTo(empty, template)).toBe(true);
    expect(existsSync(path.join(empty, 'PG_VERSION'))).toBe(true);
    expect(copyTemplateTo(path.join(root, 'none'), null)).toBe(false);
  });

  it('is copied by a worker thread the same way (first start), into an empty folder only', async () => {
    const template = findTemplate(dir, [a]);
    const busy = path.join(root, 'busy-bg');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    expect(await copyTemplateInBackground(busy, template)).toBe(false);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
    const fresh = path.join(root, 'fresh-bg');
    expect(await copyTemplateInBackground(fresh, template)).toBe(true);
    expect(readdirSync(root).filter((f) => f.includes('.init-'))).toEqual([]);
    // No demo variant was built for this template.
    expect(await copyTemplateInBackground(path.join(root, 'demo-bg'), template, 'demo')).toBe(false);
    const db = await openDatabase({ databaseUrl: null, dataDir: fresh });
    try {
      expect(db.origin).toBe('existing');
      expect(await db.withSession((s) => s.query<{ t: string }>(`SELECT to_regclass('a')::text AS t`))).toEqual([{ t: 'a' }]);
    } finally {
      await db.close();
    }
  });

  it('loads into memory:// for a test database, already migrated', async () => {
    const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    try {
      // The real template (built at install) or initdb when it is missing: either way a working database.
      expect(['template', 'initdb']).toContain(db.origin);
      expect(await db.withSession((s) => s.query('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
