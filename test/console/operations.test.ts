// Every ready operation of the console (src/console/operations.ts) validates against the committed
// schema.graphql, so a schema change that breaks a tab fails here, not in an administrator's browser.
import { readFileSync } from 'node:fs';
import { buildSchema, type OperationDefinitionNode, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CONSOLE_TABS, graphiqlTabs, SIGN_IN_OPERATIONS } from '../../src/console/operations.js';
import { SCHEMA_INTRODUCTION } from '../../src/console/introduction.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

describe('console tabs', () => {
  it.each(CONSOLE_TABS.map((t) => [t.title, t] as const))('%s validates against schema.graphql', (_title, tab) => {
    const errors = validate(schema, parse(tab.query));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('are in SOP order, each tab titled by its first operation and calling the field it names', () => {
    expect(CONSOLE_TABS.map((t) => t.title)).toEqual([
      'Masuk',
      'DaftarLaporan',
      'Langkah1_Terima',
      'Langkah2_Catat',
      'Langkah3_Disposisi',
      'Langkah4_Rumuskan',
      'Langkah5_Hasil',
      'Langkah6_Laporan',
      'Langkah7_Tanggapan',
      'UmpanBalik',
      'BukuRegister',
      'StatusPublik',
    ]);
    expect(CONSOLE_TABS.filter((t) => t.step).map((t) => t.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const tab of CONSOLE_TABS) {
      const first = parse(tab.query).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      expect(first.name?.value).toBe(tab.title);
      expect(tab.query).toMatch(new RegExp(`\\b${tab.field}\\(`));
    }
  });

  it('every step tab answers with the Complaint and the typed errors of its result union', () => {
    for (const tab of CONSOLE_TABS.filter((t) => t.step && t.step > 1)) {
      const field = schema.getMutationType()!.getFields()[tab.field]!;
      expect(tab.query).toContain('...HasilLangkah');
      expect(tab.query).toContain('...GalatLangkah');
      // The variables template names every required argument.
      for (const arg of field.args.filter((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)) {
        expect(Object.keys(tab.variables)).toContain(arg.name);
      }
    }
  });

  it.each(Object.entries(SIGN_IN_OPERATIONS))('the sign-in page’s %s operation validates too', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('give GraphiQL valid JSON variables', () => {
    for (const t of graphiqlTabs()) expect(() => JSON.parse(t.variables)).not.toThrow();
  });

  it('the schema opens the docs explorer with the Indonesian introduction', () => {
    expect(schema.description).toBe(SCHEMA_INTRODUCTION);
    expect(schema.description).toMatch(/Langkah 1 terima/);
  });
});
