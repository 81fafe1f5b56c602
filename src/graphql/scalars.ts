import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { isValidIsoDate } from '../calendar/holidays.js';
import { builder } from './builder.js';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Every part in range (no 30 February, no year 0000, no 24:00), not silently rolled over by Date. */
// `node`: the literal, so the error can name the argument it was written in (see input-issues.ts).
function parseDateTime(value: unknown, node?: ValueNode): Date {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (m) {
    const [, date, hh, mm, ss = '0', , oh = '0', om = '0'] = m;
    if (isValidIsoDate(date) && Number(hh) < 24 && Number(mm) < 60 && Number(ss) < 60 && Number(oh) <= 14 && Number(om) < 60) {
      const d = new Date(value as string);
      if (!Number.isNaN(d.getTime())) return d;
    }
  }
  throw new GraphQLError('DateTime must be an ISO-8601 timestamp with a time zone, e.g. 2026-03-18T09:30:00+07:00', {
    nodes: node,
    extensions: { code: 'INVALID_INPUT' },
  });
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string with a time zone offset.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null, ast),
});

function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && isValidIsoDate(value)) return value;
  throw new GraphQLError('Date must be a calendar date YYYY-MM-DD', { nodes: node, extensions: { code: 'INVALID_INPUT' } });
}

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD (local to the agency).',
  serialize: (v) => String(v),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null, ast),
});
