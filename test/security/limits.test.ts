// The limits leave room for every real operation: each one the SDK sends (as an API key or anonymous
// caller) fits the public limits, and the README's and the staff examples fit the staff limits.
// Prints each operation's measurements, the numbers the defaults were chosen from.
import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, Lexer, parse, Source, TokenKind, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PUBLIC_LIMITS, STAFF_LIMITS } from '../../src/security/config.js';
import { limitRules } from '../../src/security/plugin.js';

const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
const dir = new URL('../../sdk/src/operations/', import.meta.url);
const sdk = readdirSync(dir)
  .filter((f) => f.endsWith('.graphql'))
  .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')] as const);

/** Staff operations of the size a complaint page or GraphiQL session sends. */
const STAFF = [
  [
    'complaint page',
    `query($id: ID!) { complaint(id: $id) { id trackingId status version round kind title content category location channel
      submittedAt dispatchedAt receivedAt registerNumber reporterHidden reporter { name contact } agency { id name code }
      divisions { id code name } allowedActions deadlines { followUp { dueAt state } autoClose { dueAt state } ombudsman { dueAt state } }
      history { id action actorRole fromStatus toStatus round summary at }
      dispositions { id round instructionCodes note priority disposedAt divisions { id name } disposedBy { id name role } }
      followUpPlans { id round plan formulatedAt division { id name } formulatedBy { id name } }
      followUpResults { id round facts action solution division { id name } }
      followUpReports { id round text compiledAt } attachments { id name mediaType } } }`,
  ],
  [
    'inbox, 100 per page',
    `query($after: String) { complaints(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id trackingId status round kind title receivedAt registerNumber reporterHidden
      agency { name } divisions { name } deadlines { followUp { dueAt state } ombudsman { dueAt state } } } } } }`,
  ],
] as const;

function tokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

function measure(name: string, query: string, limits: typeof PUBLIC_LIMITS) {
  const doc = parse(query);
  // Only the limits' verdicts (the cost estimate also trips over variables this test does not send).
  const errors = validate(schema, doc, limitRules(limits, { first: 100 }, true)).filter(
    (e) => e.extensions?.code === 'QUERY_TOO_COMPLEX' || /limit/i.test(e.message),
  );
  console.log(
    `${name}: ${tokens(query)} tokens; limits ${JSON.stringify(limits)}; ${errors.length ? errors.map((e) => e.message).join('; ') : 'within'}`,
  );
  return { errors };
}

describe('limits leave room for real operations', () => {
  it.each(sdk)('SDK %s fits the public limits', (name, query) => {
    const { errors } = measure(name, query, PUBLIC_LIMITS);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(tokens(query)).toBeLessThanOrEqual(PUBLIC_LIMITS.tokens);
  });

  it.each(STAFF)('staff %s fits the staff limits and not necessarily the public ones', (name, query) => {
    const { errors } = measure(name, query, STAFF_LIMITS);
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(tokens(query)).toBeLessThanOrEqual(STAFF_LIMITS.tokens);
  });
});
