// SOP step 1: receive a report from LAPOR! (typed in by the agency ADMIN, dispatched by the regency
// COORDINATOR, or forwarded by another portal with a FORWARD_COMPLAINTS key). The complaint comes
// into existence here, through the runner (runCreation).
import { DuplicateTrackingIdError, InputChecker, NotFoundError } from '../../errors.js';
import type { Complaint } from '../../generated/prisma/client.js';
import type { ComplaintChannel, ComplaintKind } from '../../generated/prisma/enums.js';
import { isUuid } from '../../uuid.js';
import { checkAttachments, RECEIVE_LIMITS as LIMITS, type Attachment } from '../limits.js';
import { assertMayTake, runCreation, runCreationInTx, type Actor, type CreationRequest, type Tx } from '../runner.js';
import type { SopServices } from '../services.js';
import { receiveSummary } from '../wording.js';

export interface ReceiveInput {
  /** The receiving agency; required unless the receiver is bound to one (ownAgencyId). */
  agencyId: string | null;
  trackingId: string;
  kind: ComplaintKind;
  title: string;
  content: string;
  category?: string | null;
  /** LAPORAN: berkadar pengawasan (an oversight element); decides the clock's length. */
  hasOversight?: boolean | null;
  location?: string | null;
  channel?: ComplaintChannel | null;
  submittedAt: Date;
  dispatchedAt: Date;
  reporter?: { name?: string | null; contact?: string | null; anonymous?: boolean | null; confidential?: boolean | null } | null;
  attachments?: Attachment[] | null;
}

/** Who receives: the acting user or portal, the agency they are bound to, and a portal's name. */
export interface Receiver {
  actor: Actor;
  /** An agency ADMIN or an agency's API key receive for that agency only; null: any (the coordinator). */
  ownAgencyId: string | null;
  /** SERVICE: the forwarding portal's name, for the history. */
  viaPortal: string | null;
}

/** Every input issue at once; returns the receiving agency's id. */
export function checkReceiveInput(input: ReceiveInput, receiver: Receiver, now: Date): string {
  const requested = input.agencyId;
  const fixed = receiver.ownAgencyId;
  const check = new InputChecker()
    .text('trackingId', input.trackingId, { max: LIMITS.trackingId })
    .text('title', input.title, { max: LIMITS.title })
    .text('content', input.content, { max: LIMITS.content })
    .text('category', input.category, { max: LIMITS.category, required: false })
    .text('location', input.location, { max: LIMITS.location, required: false })
    .text('reporter.name', input.reporter?.name, { max: LIMITS.name, required: false })
    .text('reporter.contact', input.reporter?.contact, { max: LIMITS.contact, required: false });
  check.check(!input.hasOversight || input.kind === 'LAPORAN', 'hasOversight', 'only a LAPORAN can have an oversight element');
  check.check(/^[A-Za-z0-9._/-]*$/.test(input.trackingId), 'trackingId', 'may contain only letters, digits and . _ / -');
  check.check(input.submittedAt <= input.dispatchedAt, 'dispatchedAt', 'cannot be before submittedAt');
  check.check(input.dispatchedAt.getTime() <= now.getTime() + 5 * 60_000, 'dispatchedAt', 'cannot be in the future');
  check.check(fixed !== null || requested !== null, 'agencyId', 'say which agency receives the report');
  check.check(!(fixed && requested && requested !== fixed), 'agencyId', 'you can only receive reports for your own agency');
  checkAttachments(check, 'attachments', input.attachments ?? []);
  check.throwIfAny();
  return (fixed ?? requested)!;
}

/** LAPOR!'s free-text category as the catalogue's aliases are kept: trimmed, single spaces, lower case. */
export function normaliseCategoryText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The agency's active catalogue category whose alias matches LAPOR!'s category text, if any. */
async function categoryFor(db: Pick<Tx, 'complaintCategory'>, agencyId: string, text: string | null | undefined) {
  if (!text?.trim()) return null;
  const found = await db.complaintCategory.findFirst({
    where: { agencyId, active: true, aliases: { has: normaliseCategoryText(text) } },
    orderBy: { code: 'asc' },
    select: { id: true },
  });
  return found?.id ?? null;
}

function creation(input: ReceiveInput, agencyId: string, categoryId: string | null, receiver: Receiver, at: Date): CreationRequest {
  const trackingId = input.trackingId.trim();
  const anonymous = input.reporter?.anonymous ?? false;
  return {
    action: 'RECEIVE',
    at,
    data: {
      agencyId,
      trackingId,
      kind: input.kind,
      title: input.title.trim(),
      content: input.content,
      category: input.category?.trim() || null,
      categoryId,
      hasOversight: input.hasOversight ?? false,
      location: input.location?.trim() || null,
      channel: input.channel ?? 'WEB',
      submittedAt: input.submittedAt,
      dispatchedAt: input.dispatchedAt,
      receivedAt: at,
      firstReceivedAt: at,
      // An anonymous reporter's identity is not kept at all: nothing to leak.
      reporterName: anonymous ? null : input.reporter?.name?.trim() || null,
      reporterContact: anonymous ? null : input.reporter?.contact?.trim() || null,
      anonymous,
      confidential: input.reporter?.confidential ?? false,
      // No nested write without attachments: Prisma then inserts with RETURNING instead of insert + select.
      ...(input.attachments?.length ? { attachments: { create: input.attachments.map((a) => ({ ...a, name: a.name.trim() })) } } : {}),
    },
    summary: () => receiveSummary({ trackingId, viaPortal: receiver.actor.role === 'SERVICE' ? (receiver.viaPortal ?? 'portal') : null }),
  };
}

/** Another agency's complaint is named only to the coordinator (who may see every agency). */
function duplicate(trackingId: string, receiver: Receiver, row: { id: string; agencyId: string }) {
  const visible = receiver.ownAgencyId === null || row.agencyId === receiver.ownAgencyId;
  return new DuplicateTrackingIdError(trackingId, visible ? row.id : null);
}

async function checkAgencyAndTrackingId(db: Pick<Tx, 'agency' | 'complaint'>, receiver: Receiver, agencyId: string, trackingId: string) {
  if (!isUuid(agencyId) || !(await db.agency.findUnique({ where: { id: agencyId }, select: { id: true } })))
    throw new NotFoundError('Agency', agencyId);
  const existing = await db.complaint.findUnique({ where: { trackingId }, select: { id: true, agencyId: true } });
  if (existing) throw duplicate(trackingId, receiver, existing);
}

/** Receives in its own transaction and publishes the event; a second receipt of a tracking ID is refused. */
export async function receive(services: SopServices, receiver: Receiver, input: ReceiveInput): Promise<Complaint> {
  const { prisma } = services.db;
  const at = services.clock.now();
  assertMayTake(receiver.actor, 'RECEIVE');
  const agencyId = checkReceiveInput(input, receiver, at);
  const trackingId = input.trackingId.trim();
  await checkAgencyAndTrackingId(prisma, receiver, agencyId, trackingId);
  const categoryId = await categoryFor(prisma, agencyId, input.category);
  try {
    return await runCreation(services, receiver.actor, creation(input, agencyId, categoryId, receiver, at));
  } catch (err) {
    // Two receipts of one tracking ID at the same moment: the unique index decides.
    if ((err as { code?: string }).code === 'P2002') {
      const dup = await prisma.complaint.findUniqueOrThrow({ where: { trackingId }, select: { id: true, agencyId: true } });
      throw duplicate(trackingId, receiver, dup);
    }
    throw err;
  }
}

/**
 * Inside the caller's transaction (the demo seed, the import); the caller publishes the event after its
 * commit. `batchChecked`: the caller has already checked the agency and that none of its tracking IDs
 * exists (the import does so for the whole file at once); the unique index still refuses a duplicate.
 */
export async function receiveInTx(
  services: SopServices,
  tx: Tx,
  receiver: Receiver,
  input: ReceiveInput,
  at = services.clock.now(),
  { batchChecked = false }: { batchChecked?: boolean } = {},
) {
  const agencyId = checkReceiveInput(input, receiver, at);
  if (!batchChecked) await checkAgencyAndTrackingId(tx, receiver, agencyId, input.trackingId.trim());
  const categoryId = await categoryFor(tx, agencyId, input.category);
  return runCreationInTx(services, tx, receiver.actor, creation(input, agencyId, categoryId, receiver, at));
}
