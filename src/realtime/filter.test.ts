import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import type { ServiceViewer, UserViewer, Viewer } from '../auth/viewer.js';
import { authorizeLiveFilter, liveEventMatches, parseLiveFilter, type LiveEventFacts, type LiveFilter } from './filter.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const DIV_X = '33333333-3333-4333-8333-333333333333';
const DIV_Y = '44444444-4444-4444-8444-444444444444';
const C = '55555555-5555-4555-8555-555555555555';

const user = (role: UserViewer['role'], agencyId: string | null = A, divisionId: string | null = null): UserViewer => ({
  kind: 'user',
  id: 'u',
  name: 'n',
  email: 'e',
  role,
  agencyId,
  divisionId,
});
const key = (scopes: ServiceViewer['scopes'], agencyId: string | null = A): ServiceViewer => ({
  kind: 'service',
  apiKeyId: 'k',
  name: 'p',
  agencyId,
  scopes,
});
const event = (over: Partial<LiveEventFacts> = {}): LiveEventFacts => ({
  complaintId: C,
  trackingId: 'LAP-1',
  agencyId: A,
  divisionIds: [DIV_X],
  ...over,
});
const status = { publicByTrackingId: true };
const deadline = { publicByTrackingId: false };

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describe('parseLiveFilter', () => {
  it('takes exactly one option, with global IDs of the right node type', () => {
    expect(parseLiveFilter({ complaintId: encodeGlobalID('Complaint', C) })).toEqual({ by: 'complaint', complaintId: C });
    expect(parseLiveFilter({ agencyId: encodeGlobalID('Agency', A) })).toEqual({ by: 'agency', agencyId: A });
    expect(parseLiveFilter({ trackingId: ' LAP-1 ' })).toEqual({ by: 'trackingId', trackingId: 'LAP-1' });
    expect(parseLiveFilter({ myDivisionQueue: true, agencyId: null })).toEqual({ by: 'divisionQueue' });
    for (const bad of [
      {},
      { trackingId: 'x', agencyId: encodeGlobalID('Agency', A) },
      { complaintId: encodeGlobalID('Agency', A) },
      { complaintId: encodeGlobalID('Complaint', 'not-a-uuid') },
      { agencyId: '!!!' },
      { trackingId: '   ' },
      { myDivisionQueue: false },
    ]) {
      expect(code(() => parseLiveFilter(bad))).toBe('INVALID_INPUT');
    }
  });
});

describe('authorizeLiveFilter', () => {
  const target = event();
  const auth = (v: Viewer, f: Parameters<typeof authorizeLiveFilter>[1], facts = { target, agencyExists: true }, opts = status) =>
    code(() => authorizeLiveFilter(v, f, facts, opts)) ?? 'OK';

  it('the public and READ_STATUS keys: one report by tracking ID, status events only', () => {
    expect(auth(null, { by: 'trackingId', trackingId: 'LAP-1' })).toBe('OK');
    expect(auth(key(['READ_STATUS']), { by: 'trackingId', trackingId: 'LAP-1' })).toBe('OK');
    expect(auth(null, { by: 'trackingId', trackingId: 'nope' }, { target: null as never, agencyExists: true })).toBe('INVALID_INPUT');
    expect(auth(null, { by: 'agency', agencyId: A })).toBe('UNAUTHENTICATED');
    expect(auth(null, { by: 'complaint', complaintId: C })).toBe('UNAUTHENTICATED');
    expect(auth(key(['READ_STATUS']), { by: 'agency', agencyId: A })).toBe('FORBIDDEN');
    expect(auth(key(['READ_STATUS']), { by: 'trackingId', trackingId: 'LAP-1' }, { target, agencyExists: true }, deadline)).toBe(
      'FORBIDDEN',
    );
  });

  it('READ_COMPLAINTS keys: their agency; a regency-wide key any agency', () => {
    expect(auth(key(['READ_COMPLAINTS']), { by: 'agency', agencyId: A })).toBe('OK');
    expect(auth(key(['READ_COMPLAINTS']), { by: 'agency', agencyId: B })).toBe('FORBIDDEN');
    expect(auth(key(['READ_COMPLAINTS'], null), { by: 'agency', agencyId: B })).toBe('OK');
    expect(auth(key(['READ_COMPLAINTS'], B), { by: 'complaint', complaintId: C })).toBe('INVALID_INPUT');
  });

  it('staff: their agency; DIVISION: own queue or complaints disposed to them; COORDINATOR: anything', () => {
    expect(auth(user('HEAD'), { by: 'agency', agencyId: A })).toBe('OK');
    expect(auth(user('HEAD'), { by: 'agency', agencyId: B })).toBe('FORBIDDEN');
    expect(auth(user('COORDINATOR', null), { by: 'agency', agencyId: B })).toBe('OK');
    expect(auth(user('DIVISION', A, DIV_X), { by: 'agency', agencyId: A })).toBe('FORBIDDEN');
    expect(auth(user('DIVISION', A, DIV_X), { by: 'agency', agencyId: B })).toBe('FORBIDDEN');
    expect(auth(user('DIVISION', A, DIV_X), { by: 'complaint', complaintId: C })).toBe('OK');
    expect(auth(user('DIVISION', A, DIV_Y), { by: 'complaint', complaintId: C })).toBe('INVALID_INPUT');
    expect(auth(user('DIVISION', A, DIV_Y), { by: 'divisionQueue' })).toBe('OK');
    expect(auth(user('ADMIN'), { by: 'divisionQueue' })).toBe('FORBIDDEN');
    expect(auth(user('ADMIN'), { by: 'agency', agencyId: A }, { target, agencyExists: false })).toBe('INVALID_INPUT');
    expect(authorizeLiveFilter(user('DIVISION', A, DIV_Y), { by: 'divisionQueue' }, {}, status)).toEqual({
      by: 'divisionQueue',
      agencyId: A,
      divisionId: DIV_Y,
    });
  });
});

describe('liveEventMatches', () => {
  const match = (v: Viewer, f: LiveFilter, e = event(), opts = status) => liveEventMatches(v, f, e, opts);

  it('checks the filter and the viewer for every event', () => {
    const queueY: LiveFilter = { by: 'divisionQueue', agencyId: A, divisionId: DIV_Y };
    expect(match(user('DIVISION', A, DIV_Y), queueY)).toBe(false);
    expect(match(user('DIVISION', A, DIV_Y), queueY, event({ divisionIds: [DIV_X, DIV_Y] }))).toBe(true);
    // Re-disposed away from the division: a complaint subscription stops delivering.
    expect(match(user('DIVISION', A, DIV_X), { by: 'complaint', complaintId: C }, event({ divisionIds: [DIV_Y] }))).toBe(false);
    expect(match(user('HEAD'), { by: 'agency', agencyId: A }, event({ agencyId: B }))).toBe(false);
    expect(match(null, { by: 'trackingId', trackingId: 'LAP-1' })).toBe(true);
    expect(match(null, { by: 'trackingId', trackingId: 'LAP-2' })).toBe(false);
    expect(match(null, { by: 'trackingId', trackingId: 'LAP-1' }, event(), deadline)).toBe(false);
    expect(match(key(['READ_COMPLAINTS']), { by: 'trackingId', trackingId: 'LAP-1' }, event({ agencyId: B }))).toBe(false);
  });
});
