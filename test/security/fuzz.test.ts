// Fuzzing over HTTP: random and malformed operations built from schema.graphql (random arguments,
// wrong types, huge strings, control characters, lone surrogates, deep nesting) for every root query
// and mutation and every kind of caller. No answer may be a 500 or INTERNAL_SERVER_ERROR, none may
// take more than a second, and the server's memory stays bounded. Seeded: a failure prints its seed.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL } from '../reads/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';

const OPERATIONS = Number(process.env.FUZZ_OPERATIONS ?? 2000);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 40_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
/** The issue's bound; raise it only on a machine too loaded to mean anything (FUZZ_MAX_MS). */
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 1000);

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

/** mulberry32: small, seeded, good enough to pick cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;
const uuid = () => '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, () => Math.floor(rand() * 16).toString(16));
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const NASTY_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  'x\uD800y',
  '\uDC00',
  '\u0007bell',
  '😀 Lapor',
  '\'; DROP TABLE "Complaint"; --',
  '<script>alert(1)</script>',
  'LAP-2026-0001',
  '2026-02-30',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '%%%',
  'bm9wZQ==',
];

function scalarValue(name: string): unknown {
  const wrongType = chance(0.1);
  if (wrongType) return pick([123, true, null, [], {}, 'text', 1.5, -1]);
  switch (name) {
    case 'Int':
      return pick([0, 1, -1, 20, 100, 2 ** 31, -(2 ** 31), 1e9, 3]);
    case 'Float':
      return pick([0, 1.5, -1e308, 1e308]);
    case 'Boolean':
      return chance(0.5);
    case 'ID':
      return pick([
        gid(pick(['Complaint', 'Agency', 'Division', 'User', 'ApiKey', 'Holiday', 'Nope']), chance(0.7) ? uuid() : pick(NASTY_STRINGS)),
        pick(NASTY_STRINGS),
      ]);
    case 'DateTime':
      return pick([
        '2026-03-18T09:30:00+07:00',
        '2026-02-30T00:00:00Z',
        '0000-01-01T00:00:00Z',
        '2026-13-01T00:00:00Z',
        'yesterday',
        '2026-03-18T24:00:00Z',
      ]);
    case 'Date':
      return pick(['2026-03-18', '2026-02-30', '0000-01-01', '10000-01-01', 'today']);
    default:
      return chance(0.05) ? 'x'.repeat(pick([10_000, 200_000])) : pick(NASTY_STRINGS);
  }
}

function inputValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return chance(0.03) ? null : inputValue(type.ofType, depth);
  if (chance(0.05)) return null;
  if (isListType(type)) {
    if (chance(0.1)) return inputValue(type.ofType, depth + 1); // a single value where a list is expected
    return Array.from({ length: Math.floor(rand() * 4) }, () => inputValue(type.ofType, depth + 1));
  }
  if (isEnumType(type)) return chance(0.9) ? pick(type.getValues()).value : 'NOT_A_VALUE';
  if (isInputObjectType(type)) {
    if (depth > 4) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (!isNonNullType(f.type) && chance(0.5)) continue;
      if (chance(0.03)) continue; // a required field missing
      out[f.name] = inputValue(f.type, depth + 1);
    }
    if (chance(0.05)) out.notAField = 1;
    return out;
  }
  if (isScalarType(type)) return scalarValue(type.name);
  return null;
}

let varSeq = 0;
function args(field: GraphQLField<unknown, unknown>, vars: Record<string, unknown>, defs: string[]): string {
  const parts: string[] = [];
  for (const a of field.args as readonly GraphQLArgument[]) {
    if (!isNonNullType(a.type) && chance(0.5)) continue;
    const name = `v${++varSeq}`;
    defs.push(`$${name}: ${String(a.type)}`);
    vars[name] = inputValue(a.type);
    parts.push(`${a.name}: $${name}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

function selection(type: GraphQLOutputType, depth: number, maxDepth: number, vars: Record<string, unknown>, defs: string[]): string {
  const named = getNamedType(getNullableType(type));
  if (isScalarType(named) || isEnumType(named)) return '';
  if (depth >= maxDepth) return '{ __typename }';
  if (isUnionType(named) || isInterfaceType(named)) {
    const members = isUnionType(named) ? named.getTypes() : schema.getPossibleTypes(named);
    const frags = members.filter(() => chance(0.6)).map((m) => `... on ${m.name} ${selection(m, depth, maxDepth, vars, defs)}`);
    return `{ __typename ${frags.join(' ')} ... on Error { code message } }`.replace(
      '... on Error { code message }',
      schema.getType('Error') ? '... on Error { code message }' : '',
    );
  }
  if (!isObjectType(named)) return '';
  const fields = Object.values(named.getFields());
  const chosen = fields.filter(() => chance(0.35)).slice(0, 6);
  if (chosen.length === 0) chosen.push(pick(fields));
  return `{ __typename ${chosen.map((f) => `${f.name}${args(f, vars, defs)} ${selection(f.type, depth + 1, maxDepth, vars, defs)}`).join(' ')} }`;
}

function operation(): { query: string; variables: Record<string, unknown> } {
  const kind = chance(0.7) ? 'query' : 'mutation';
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field = pick(Object.values(root.getFields()));
  const vars: Record<string, unknown> = {};
  const defs: string[] = [];
  // Mostly shallow, sometimes far deeper than any limit.
  const maxDepth = chance(0.1) ? 14 : 1 + Math.floor(rand() * 4);
  const body = `${field.name}${args(field, vars, defs)} ${selection(field.type, 1, maxDepth, vars, defs)}`;
  let query = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${body} }`;
  if (chance(0.03)) query = query.slice(0, Math.floor(rand() * query.length)); // truncated
  if (chance(0.02)) query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
  return { query, variables: vars };
}

let t: TestApp;
const callers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await startTestApp({
    env: {
      RATE_LIMIT_PER_ADDRESS: '1000000',
      RATE_LIMIT_EXPENSIVE: '1000000',
      LOGIN_MAX_FAILURES: '1000000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    },
  });
  callers.anonymous = {};
  for (const [role, email] of Object.entries(EMAIL)) callers[role] = { authorization: `Bearer ${await t.login(email)}` };
  const created = await t.gql(
    `mutation { createApiKey(name: "fuzz", scopes: [READ_STATUS, READ_COMPLAINTS, FORWARD_COMPLAINTS]) { ... on CreatedApiKey { key } } }`,
    {},
    { token: callers.admin!.authorization!.slice(7) },
  );
  callers.apiKey = { 'x-api-key': created.data.createApiKey.key };
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`fuzz (seed ${SEED})`, () => {
  it(`${OPERATIONS} random operations: no 500, none over a second, memory bounded`, async () => {
    // Warm-up (first use of each code path compiles and connects), not timed.
    for (let i = 0; i < 30; i++)
      await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...callers[pick(Object.keys(callers))] },
        body: JSON.stringify(operation()),
      });
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const failures: string[] = [];
    let slowest = 0;
    let done = 0;
    const worker = async () => {
      while (done < OPERATIONS && Date.now() - started < BUDGET_MS && failures.length < 5) {
        done++;
        const who = pick(Object.keys(callers));
        const op = operation();
        const send = async () => {
          const t0 = performance.now();
          const res = await fetch(t.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...callers[who] },
            body: JSON.stringify(op),
          });
          return { res, text: await res.text(), ms: performance.now() - t0 };
        };
        let { res, text, ms } = await send();
        // A slow answer is sent again once: an operation that is slow by itself is slow twice, a
        // scheduling hiccup on a busy machine is not.
        if (ms > MAX_MS) ({ res, text, ms } = await send());
        slowest = Math.max(slowest, ms);
        if (res.status >= 500 || text.includes('INTERNAL_SERVER_ERROR') || ms > MAX_MS) {
          failures.push(
            `${who} ${res.status} ${Math.round(ms)}ms ${op.query.slice(0, 300)} ${JSON.stringify(op.variables).slice(0, 300)} → ${text.slice(0, 300)}`,
          );
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(
      `fuzz seed ${SEED}: ${done} operations in ${Date.now() - started} ms, slowest ${Math.round(slowest)} ms, RSS +${Math.round(rssGrowthMb)} MB`,
    );
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(100);
    expect(rssGrowthMb).toBeLessThan(400);
  }, 120_000);
});
