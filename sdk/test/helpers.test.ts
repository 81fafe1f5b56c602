// Pure helpers: error mapping, Retry-After parsing, pagination stop rules.
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DuplicateTrackingIdError,
  errorFromCode,
  IllegalTransitionError,
  InvalidInputError,
  paginate,
  parseRetryAfter,
  RateLimitedError,
  ServerError,
  TuntasError,
  unwrap,
} from '../src/index.js';

describe('errorFromCode', () => {
  it('maps each code to its class with the member’s fields', () => {
    expect(errorFromCode('CONFLICT', 'm', { expectedVersion: 1, currentVersion: 2 })).toMatchObject({
      expectedVersion: 1,
      currentVersion: 2,
    });
    expect(errorFromCode('CONFLICT', 'm')).toBeInstanceOf(ConflictError);
    expect(errorFromCode('DUPLICATE_TRACKING_ID', 'm', { trackingId: 'A', existingComplaintId: 'B' })).toBeInstanceOf(
      DuplicateTrackingIdError,
    );
    const invalid = errorFromCode('INVALID_INPUT', 'm', { issues: [{ field: 'title', message: 'is required' }] });
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect((invalid as InvalidInputError).issues).toEqual([{ field: 'title', message: 'is required' }]);
    expect(errorFromCode('ILLEGAL_TRANSITION', 'm', { status: 'CLOSED', allowedActions: ['ARCHIVE'] })).toMatchObject({
      currentStatus: 'CLOSED',
      allowedActions: ['ARCHIVE'],
    });
    expect(errorFromCode('ILLEGAL_TRANSITION', 'm')).toBeInstanceOf(IllegalTransitionError);
    expect(errorFromCode('RATE_LIMITED', 'm', { retryAfterSeconds: 30 })).toMatchObject({ retryAfter: 30 });
    expect(errorFromCode('INTERNAL_SERVER_ERROR', 'm')).toBeInstanceOf(ServerError);
    const unknown = errorFromCode('SOMETHING_NEW', 'm');
    expect(unknown.constructor).toBe(TuntasError);
    expect(unknown.code).toBe('SOMETHING_NEW');
  });

  it('unwrap passes a success member through and throws an Error member', () => {
    const ok = { __typename: 'Complaint' as const, id: '1' };
    expect(unwrap(ok)).toBe(ok);
    expect(() => unwrap({ __typename: 'RateLimitedError', code: 'RATE_LIMITED', message: 'wait', retryAfterSeconds: 5 })).toThrow(
      RateLimitedError,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, ignores garbage', () => {
    const now = Date.parse('2026-11-28T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('paginate', () => {
  it('follows endCursor until hasNextPage is false, over edges or nodes', async () => {
    const pages: Record<string, { nodes: number[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = {
      start: { nodes: [1, 2], pageInfo: { hasNextPage: true, endCursor: 'a' } },
      a: { nodes: [3], pageInfo: { hasNextPage: true, endCursor: 'b' } },
      b: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    };
    const asked: (string | undefined)[] = [];
    const out: number[] = [];
    for await (const n of paginate(async (after) => {
      asked.push(after);
      return pages[after ?? 'start']!;
    }))
      out.push(n);
    expect(out).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });

  it('stops when a server repeats its cursor instead of looping forever', async () => {
    let calls = 0;
    const out: string[] = [];
    for await (const n of paginate(async () => {
      calls++;
      return { edges: [{ node: 'x' }], pageInfo: { hasNextPage: true, endCursor: 'same' } };
    }))
      out.push(n);
    expect(calls).toBe(2);
    expect(out).toEqual(['x', 'x']);
  });
});
