import { describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.js';
import { ROLES } from '../sop/vocabulary.js';
import { reporterDecision } from './reporter-policy.js';

const AGENCY = 'agency-a';
const user = (role: (typeof ROLES)[number], agencyId: string | null = AGENCY): Viewer => ({
  kind: 'user',
  id: `u-${role}`,
  name: role,
  email: `${role}@x`,
  role,
  agencyId,
  divisionId: null,
});

describe('reporterDecision', () => {
  it('hides an anonymous reporter from every role, without logging', () => {
    for (const role of ROLES) {
      expect(reporterDecision(user(role), { agencyId: AGENCY, anonymous: true, confidential: true })).toEqual({
        visibility: 'ANONYMOUS',
        reveal: false,
        log: false,
      });
    }
  });

  it('shows a confidential reporter only to the own agency’s ADMIN and HEAD, and always logs it', () => {
    const c = { agencyId: AGENCY, anonymous: false, confidential: true };
    const revealedTo = ROLES.filter((r) => reporterDecision(user(r), c).reveal);
    expect(revealedTo).toEqual(['ADMIN', 'HEAD']);
    for (const r of revealedTo) expect(reporterDecision(user(r), c).log).toBe(true);
    expect(reporterDecision(user('LIAISON'), c)).toEqual({ visibility: 'CONFIDENTIAL', reveal: false, log: false });
    expect(reporterDecision(user('ADMIN', 'agency-b'), c).reveal).toBe(false);
    expect(reporterDecision(user('HEAD', null), c).reveal).toBe(false);
  });

  it('shows an ordinary reporter to staff without logging, never to service clients or the public', () => {
    const c = { agencyId: AGENCY, anonymous: false, confidential: false };
    for (const role of ROLES) expect(reporterDecision(user(role), c)).toEqual({ visibility: 'VISIBLE', reveal: true, log: false });
    expect(reporterDecision(null, c).reveal).toBe(false);
    const service: Viewer = { kind: 'service', apiKeyId: 'k', name: 'portal', agencyId: null, scopes: ['READ_COMPLAINTS'] };
    expect(reporterDecision(service, c).reveal).toBe(false);
  });
});
