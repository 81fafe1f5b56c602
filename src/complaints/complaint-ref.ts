// How a step mutation names its complaint: the global ID (`Complaint.id`) or the LAPOR! tracking ID
// that staff read off the LAPOR! page. One parser for every step (pure), one lookup (the edge).
import { decodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError, issue, NotFoundError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { RECEIVE_LIMITS } from '../sop/limits.js';
import type { Actor, Tx } from '../sop/runner.js';
import { isUuid } from '../uuid.js';

export type ComplaintRef = { kind: 'id'; id: string } | { kind: 'trackingId'; trackingId: string };

/** The tracking IDs receiveComplaint accepts (its own check, src/sop/actions/receive.ts). */
const TRACKING_ID = /^[A-Za-z0-9._/-]+$/;

function globalIdOf(ref: string): { typename: string; id: string } | null {
  try {
    const decoded = decodeGlobalID(ref);
    return decoded.typename && decoded.id ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * A global ID that decodes to a Complaint is one; any other global ID is a mistake (INVALID_INPUT);
 * everything else that looks like a tracking ID is taken as one. `field` names the argument.
 */
export function parseComplaintRef(ref: string, field = 'id'): ComplaintRef {
  const value = ref.trim();
  const global = globalIdOf(value);
  if (global?.typename === 'Complaint' && isUuid(global.id)) return { kind: 'id', id: global.id };
  const otherNode = global !== null && /^[A-Z][A-Za-z]+$/.test(global.typename) && isUuid(global.id);
  if (!otherNode && value.length > 0 && value.length <= RECEIVE_LIMITS.trackingId && TRACKING_ID.test(value)) {
    return { kind: 'trackingId', trackingId: value };
  }
  throw new InvalidInputError([issue(field, msg('error.complaintRef'))]);
}

/** The complaint's row id; a tracking ID the actor cannot see (or nobody has) is NOT_FOUND. */
export async function complaintIdOf(db: Pick<Tx, 'complaint'>, actor: Actor, ref: string): Promise<string> {
  const parsed = parseComplaintRef(ref);
  if (parsed.kind === 'id') return parsed.id;
  const found = await db.complaint.findFirst({ where: { AND: [{ trackingId: parsed.trackingId }, actor.scope] }, select: { id: true } });
  if (!found) throw new NotFoundError('Complaint', ref);
  return found.id;
}
