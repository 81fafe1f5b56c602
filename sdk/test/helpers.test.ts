// Pure helpers: error mapping, Retry-After parsing, pagination stop rules.
import { describe, expect, it } from 'vitest';
import {
  applyStatusEvent,
  ConflictError,
  isReconnectable,
  NetworkError,
  reconnectDelay,
  UnauthenticatedError,
  type ComplaintStatusChangedEvent,
  type ComplaintStatusView,
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
    expect(errorFromCode('ILLEGAL_TRANSITION', 'm', { currentStatus: 'CLOSED', allowedActions: ['ARCHIVE'] })).toMatchObject({
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

describe('applyStatusEvent (the README version rule)', () => {
  const view: ComplaintStatusView = {
    __typename: 'ComplaintStatusView',
    trackingId: 'LAP-1',
    status: 'REGISTERED',
    kind: 'LAPORAN',
    complaintClass: 'LAPORAN',
    paused: false,
    pauseNotice: null,
    round: 1,
    version: 2,
    agencyName: 'Dinas A',
    receivedAt: '2026-11-01T01:00:00.000Z',
    firstReceivedAt: '2026-11-01T01:00:00.000Z',
    registeredAt: '2026-11-01T02:00:00.000Z',
    respondedAt: null,
    closedAt: null,
  };
  const event = (over: Partial<ComplaintStatusChangedEvent>): ComplaintStatusChangedEvent => ({
    eventId: '00000000-0000-4000-8000-00000000000e',
    complaintId: 'Q29tcGxhaW50OjE=',
    trackingId: 'LAP-1',
    agencyId: 'QWdlbmN5OjE=',
    agencyName: 'Dinas A',
    action: 'DISPOSE',
    previousStatus: 'REGISTERED',
    status: 'DISPOSED',
    round: 1,
    version: 3,
    at: '2026-11-02T00:00:00.000Z',
    actorRole: 'HEAD',
    ...over,
  });

  it('ignores what was seen, applies the next version, refetches on a gap', () => {
    expect(applyStatusEvent(view, event({ version: 2 }))).toBe('ignore');
    expect(applyStatusEvent(view, event({ version: 1 }))).toBe('ignore');
    expect(applyStatusEvent(view, event({ version: 3 }))).toEqual({ ...view, status: 'DISPOSED', version: 3 });
    expect(applyStatusEvent(view, event({ version: 4 }))).toBe('refetch');
  });

  it('refetches when the change moves a date the event does not carry', () => {
    expect(applyStatusEvent(view, event({ action: 'DELIVER_RESPONSE', status: 'RESPONSE_DELIVERED' }))).toBe('refetch');
    expect(applyStatusEvent(view, event({ action: 'RECORD_FEEDBACK', status: 'CLOSED' }))).toBe('refetch');
    expect(applyStatusEvent(view, event({ action: 'DISPATCH', status: 'RECEIVED', agencyName: 'Dinas B' }))).toBe('refetch');
  });
});

describe('reconnection policy', () => {
  it('reconnects after transport trouble, never after the server refused the subscription', () => {
    expect(isReconnectable(new NetworkError('closed', { raw: { code: 1001 } }))).toBe(true);
    expect(isReconnectable(new NetworkError('closed', { raw: { code: 1006 } }))).toBe(true);
    expect(isReconnectable(new NetworkError('bad request', { raw: { code: 4400 } }))).toBe(false);
    expect(isReconnectable(new ServerError('HTTP 502'))).toBe(true);
    expect(isReconnectable(new UnauthenticatedError('no'))).toBe(false);
    expect(isReconnectable(new InvalidInputError('bad filter'))).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const opts = { retries: Infinity, minDelayMs: 1_000, maxDelayMs: 30_000 };
    expect([1, 2, 3, 6, 10].map((a) => reconnectDelay(a, opts, () => 0))).toEqual([500, 1_000, 2_000, 15_000, 15_000]);
    expect([1, 2, 3, 6, 10].map((a) => reconnectDelay(a, opts, () => 1))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
  });
});
