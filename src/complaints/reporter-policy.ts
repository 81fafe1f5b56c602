// Who may see a reporter's identity. Pure: the GraphQL field applies it and writes the access log.
//  - anonymous: nobody (the identity is not even stored);
//  - confidential ("rahasia"): only the ADMIN and the HEAD of the complaint's own agency, and every
//    such read is logged;
//  - otherwise: every staff member who can see the complaint.
// Service clients and the public never reach the field at all (staff-only type).
import type { Viewer } from '../auth/viewer.js';

export type ReporterVisibility = 'ANONYMOUS' | 'CONFIDENTIAL' | 'VISIBLE';

export const CONFIDENTIAL_READERS = ['ADMIN', 'HEAD'] as const;

export interface ReporterDecision {
  visibility: ReporterVisibility;
  /** The identity may be returned to this viewer. */
  reveal: boolean;
  /** The read must be written to the reporter access log before the identity is returned. */
  log: boolean;
}

export function reporterDecision(viewer: Viewer, c: { agencyId: string; anonymous: boolean; confidential: boolean }): ReporterDecision {
  if (viewer?.kind !== 'user') return { visibility: c.anonymous ? 'ANONYMOUS' : 'CONFIDENTIAL', reveal: false, log: false };
  if (c.anonymous) return { visibility: 'ANONYMOUS', reveal: false, log: false };
  if (!c.confidential) return { visibility: 'VISIBLE', reveal: true, log: false };
  const allowed = (CONFIDENTIAL_READERS as readonly string[]).includes(viewer.role) && viewer.agencyId === c.agencyId;
  return allowed ? { visibility: 'VISIBLE', reveal: true, log: true } : { visibility: 'CONFIDENTIAL', reveal: false, log: false };
}
