// Who is making a request. Resolved once per request from a token or an API key.
import type { Role } from '../sop/vocabulary.js';

export const API_KEY_SCOPES = ['READ_STATUS', 'READ_COMPLAINTS', 'FORWARD_COMPLAINTS'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface UserViewer {
  kind: 'user';
  id: string;
  name: string;
  email: string;
  role: Role;
  agencyId: string | null;
  divisionId: string | null;
  /**
   * Something the user must do before anything else: change a one-time password, or enrol a second
   * factor their role requires. Until then only their own account's operations are open.
   */
  pending?: AccountPending | null;
}

export const ACCOUNT_PENDING = ['PASSWORD_CHANGE', 'SECOND_FACTOR_ENROLMENT'] as const;
export type AccountPending = (typeof ACCOUNT_PENDING)[number];

/** Another portal's service client: status only, never personal data. */
export interface ServiceViewer {
  kind: 'service';
  apiKeyId: string;
  name: string;
  /** null: every agency of the regency. */
  agencyId: string | null;
  scopes: ApiKeyScope[];
}

export type Viewer = UserViewer | ServiceViewer | null;

export function isUser(v: Viewer): v is UserViewer {
  return v?.kind === 'user';
}
