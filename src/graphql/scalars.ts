import { GraphQLError, Kind } from 'graphql';
import { isValidIsoDate } from '../calendar/holidays.js';
import { builder } from './builder.js';

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 timestamp with a time zone, e.g. 2026-03-18T09:30:00+07:00', {
    extensions: { code: 'INVALID_INPUT' },
  });
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO-8601 string with a time zone offset.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDate(value: unknown): string {
  if (typeof value === 'string' && isValidIsoDate(value)) return value;
  throw new GraphQLError('Date must be a calendar date YYYY-MM-DD', { extensions: { code: 'INVALID_INPUT' } });
}

builder.scalarType('Date', {
  description: 'A calendar date, YYYY-MM-DD (local to the agency).',
  serialize: (v) => String(v),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});
