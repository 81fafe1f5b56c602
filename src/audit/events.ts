// The administrative audit (AdminEvent): who changed what in the organisation, its staff, their
// credentials, API keys, holidays, time standards, clock policy, webhook endpoints and e-mail
// preferences, with a before -> after snapshot, and every document or export generated (who, what,
// when). Append-only (a database trigger refuses UPDATE, DELETE and TRUNCATE). Snapshots are built field by field here,
// so a password hash, TOTP secret, recovery code or API key can never reach the table.
import type { Role } from '../sop/vocabulary.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The vocabulary of administrative changes (mirrors the AdminAction enum in schema.prisma). */
export const ADMIN_ACTIONS = [
  'AGENCY_CREATED',
  'AGENCY_UPDATED',
  'DIVISION_CREATED',
  'DIVISION_UPDATED',
  'USER_CREATED',
  'USER_UPDATED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'PASSWORD_RESET',
  'PASSWORD_CHANGED',
  'LOGGED_OUT_EVERYWHERE',
  'SECOND_FACTOR_ENABLED',
  'SECOND_FACTOR_DISABLED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'HOLIDAY_CREATED',
  'HOLIDAY_UPDATED',
  'HOLIDAY_DELETED',
  'TIME_STANDARD_UPDATED',
  /** Follow-up lengths per class set (detail: recomputedComplaints). */
  'CLOCK_POLICY_SET',
  /** An agency's or the regency's lengths removed (falls back to the next level). */
  'CLOCK_POLICY_CLEARED',
  /** A documented preset applied (detail: preset, recomputedComplaints). */
  'CLOCK_POLICY_PRESET_APPLIED',
  /** A document or export generated through a signed link (entityId: the link; detail: request, file, counts). */
  'DOCUMENT_EXPORTED',
  'WEBHOOK_ENDPOINT_CREATED',
  'WEBHOOK_ENDPOINT_UPDATED',
  'WEBHOOK_ENDPOINT_DISABLED',
  'WEBHOOK_SECRET_ROTATED',
  'WEBHOOK_ENDPOINT_DELETED',
  'EMAIL_NOTIFICATIONS_CHANGED',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/**
 * Who performs an administrative operation: a signed-in user, or the system itself (the
 * `npm run admin` command run by whoever operates the server, the demo seed). The system acts with
 * a coordinator's reach.
 */
export type AdminActor = { kind: 'user'; id: string; role: Role; agencyId: string | null } | { kind: 'system' };

export const SYSTEM_ACTOR: AdminActor = { kind: 'system' };

type Tx = Pick<Prisma.TransactionClient, 'adminEvent'>;
type Snapshot = Record<string, string | number | boolean | null | string[]>;

export interface AdminEventInput {
  action: AdminAction;
  agencyId: string | null;
  entity:
    | 'Agency'
    | 'Division'
    | 'User'
    | 'ApiKey'
    | 'Holiday'
    | 'TimeStandard'
    | 'ClockPolicy'
    | 'Document'
    | 'WebhookEndpoint'
    | 'NotificationPreference';
  entityId: string;
  before?: Snapshot | null;
  after?: Snapshot | null;
  /** What the event did beyond a change of state (never a secret or a reporter's identity). */
  detail?: Prisma.InputJsonObject | null;
}

/** Writes one audit row in the caller's transaction. Only the fields that changed are kept. */
export async function recordAdminEvent(tx: Tx, actor: AdminActor, e: AdminEventInput): Promise<void> {
  let before = e.before ?? null;
  let after = e.after ?? null;
  if (before && after) [before, after] = changedOnly(before, after);
  await tx.adminEvent.create({
    data: {
      actorId: actor.kind === 'user' ? actor.id : null,
      actorRole: actor.kind === 'user' ? actor.role : 'SYSTEM',
      action: e.action,
      agencyId: e.agencyId,
      entity: e.entity,
      entityId: e.entityId,
      before: (before ?? undefined) as never,
      after: (after ?? undefined) as never,
      detail: e.detail ?? undefined,
    },
  });
}

function changedOnly(before: Snapshot, after: Snapshot): [Snapshot, Snapshot] {
  const b: Snapshot = {};
  const a: Snapshot = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return [b, a];
}

/** What the audit keeps of an account: never its password hash or second-factor secrets. */
export function userSnapshot(u: {
  email: string;
  name: string;
  nip: string | null;
  role: string;
  agencyId: string | null;
  divisionId: string | null;
  active: boolean;
}): Snapshot {
  return { email: u.email, name: u.name, nip: u.nip, role: u.role, agencyId: u.agencyId, divisionId: u.divisionId, active: u.active };
}
