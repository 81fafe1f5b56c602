// SOP step 1: receive a report from LAPOR! (typed in by the agency ADMIN, dispatched by the regency
// COORDINATOR, or forwarded by another portal with a FORWARD_COMPLAINTS key).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode } from '../../agencies/types.js';
import { DuplicateTrackingIdError, InputChecker, InvalidInputError, NotFoundError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { isUuid } from '../../graphql/ids.js';
import type { ComplaintStatusChanged } from '../../realtime/events.js';
import { maintainDeadlines } from '../../deadlines/recompute.js';
import { ForbiddenError, type Actor } from '../transition.js';
import { ComplaintChannelEnum, ComplaintKindEnum } from '../types.js';
import { transition } from '../workflow.js';

export const LIMITS = { trackingId: 64, title: 300, content: 20_000, category: 200, location: 500, name: 200, contact: 200, url: 2_000 };

const ReporterInput = builder.inputType('ReporterInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    contact: t.string({ required: false, description: 'Phone or email, as given on LAPOR!' }),
    anonymous: t.boolean({ defaultValue: false, description: 'Identity hidden from everyone' }),
    confidential: t.boolean({ defaultValue: false, description: 'Rahasia: identity visible only to the agency ADMIN and HEAD, every read logged' }),
  }),
});

export const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    name: t.string(),
    mediaType: t.string(),
    size: t.int(),
    url: t.string(),
  }),
});

const ReceiveComplaintInput = builder.inputType('ReceiveComplaintInput', {
  fields: (t) => ({
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'Required for a COORDINATOR or a regency-wide key; an ADMIN receives for their own agency' }),
    trackingId: t.string({ description: 'LAPOR! tracking ID' }),
    kind: t.field({ type: ComplaintKindEnum }),
    title: t.string(),
    content: t.string(),
    category: t.string({ required: false }),
    location: t.string({ required: false }),
    channel: t.field({ type: ComplaintChannelEnum, defaultValue: 'WEB' }),
    submittedAt: t.field({ type: 'DateTime' }),
    dispatchedAt: t.field({ type: 'DateTime' }),
    reporter: t.field({ type: ReporterInput, required: false }),
    attachments: t.field({ type: [AttachmentInput], required: false }),
  }),
});

export function checkAttachments(check: InputChecker, field: string, list: { name: string; mediaType: string; size: number; url: string }[]) {
  check.check(list.length <= 50, field, 'at most 50 attachments');
  list.forEach((a, i) => {
    check.text(`${field}[${i}].name`, a.name, { max: 255 });
    check.check(/^[\w.+-]+\/[\w.+-]+$/.test(a.mediaType), `${field}[${i}].mediaType`, 'must be a media type like image/jpeg');
    check.check(Number.isInteger(a.size) && a.size >= 0, `${field}[${i}].size`, 'must be a byte count >= 0');
    check.check(a.url.length <= LIMITS.url && /^https?:\/\//.test(a.url), `${field}[${i}].url`, 'must be an http(s) URL');
  });
}

builder.mutationField('receiveComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 1: receive a report from LAPOR! into the agency.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'], service: 'FORWARD_COMPLAINTS' },
    errors: { types: [DuplicateTrackingIdError, InvalidInputError, NotFoundError] },
    args: { input: t.arg({ type: ReceiveComplaintInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { db, clock, pubsub } = ctx.services;
      const v = ctx.viewer!;
      const actor: Actor =
        v.kind === 'user' ? { id: v.id, role: v.role } : { id: null, role: 'SERVICE' };
      const now = clock.now();
      const requested = input.agencyId?.id ?? null;
      const fixedAgency = v.kind === 'user' ? (v.role === 'ADMIN' ? v.agencyId : null) : v.agencyId;

      const check = new InputChecker()
        .text('trackingId', input.trackingId, { max: LIMITS.trackingId })
        .text('title', input.title, { max: LIMITS.title })
        .text('content', input.content, { max: LIMITS.content })
        .text('category', input.category, { max: LIMITS.category, required: false })
        .text('location', input.location, { max: LIMITS.location, required: false })
        .text('reporter.name', input.reporter?.name, { max: LIMITS.name, required: false })
        .text('reporter.contact', input.reporter?.contact, { max: LIMITS.contact, required: false });
      check.check(/^[A-Za-z0-9._/-]*$/.test(input.trackingId), 'trackingId', 'may contain only letters, digits and . _ / -');
      check.check(input.submittedAt <= input.dispatchedAt, 'dispatchedAt', 'cannot be before submittedAt');
      check.check(input.dispatchedAt.getTime() <= now.getTime() + 5 * 60_000, 'dispatchedAt', 'cannot be in the future');
      check.check(fixedAgency !== null || requested !== null, 'agencyId', 'say which agency receives the report');
      check.check(!(fixedAgency && requested && requested !== fixedAgency), 'agencyId', 'you can only receive reports for your own agency');
      checkAttachments(check, 'attachments', input.attachments ?? []);
      check.throwIfAny();

      const agencyId = (fixedAgency ?? requested)!;
      if (!isUuid(agencyId) || !(await db.prisma.agency.findUnique({ where: { id: agencyId } }))) {
        throw new NotFoundError('Agency', agencyId);
      }
      const outcome = transition(null, 'RECEIVE', actor.role, { round: 1 });
      if (!outcome.ok) throw new ForbiddenError(outcome.error.message);

      const trackingId = input.trackingId.trim();
      // Another agency's complaint is named only to the COORDINATOR (who may see every agency).
      const duplicate = (row: { id: string; agencyId: string }) =>
        new DuplicateTrackingIdError(
          trackingId,
          v.kind === 'user' && v.role === 'COORDINATOR' ? encodeGlobalID('Complaint', row.id)
            : v.agencyId !== null && row.agencyId === v.agencyId ? encodeGlobalID('Complaint', row.id) : null,
        );
      const existing = await db.prisma.complaint.findUnique({ where: { trackingId }, select: { id: true, agencyId: true } });
      if (existing) throw duplicate(existing);
      const anonymous = input.reporter?.anonymous ?? false;
      let created;
      try {
        created = await db.prisma.$transaction(async (tx) => {
          const c = await tx.complaint.create({
            data: {
              agencyId,
              trackingId,
              kind: input.kind,
              title: input.title.trim(),
              content: input.content,
              category: input.category?.trim() || null,
              location: input.location?.trim() || null,
              channel: input.channel ?? 'WEB',
              submittedAt: input.submittedAt,
              dispatchedAt: input.dispatchedAt,
              receivedAt: now,
              // An anonymous reporter's identity is not kept at all: nothing to leak.
              reporterName: anonymous ? null : input.reporter?.name?.trim() || null,
              reporterContact: anonymous ? null : input.reporter?.contact?.trim() || null,
              anonymous,
              confidential: input.reporter?.confidential ?? false,
              status: outcome.to,
              round: 1,
              attachments: { create: (input.attachments ?? []).map((a) => ({ ...a, name: a.name.trim() })) },
            },
          });
          await tx.complaintHistory.create({
            data: {
              complaintId: c.id,
              actorId: actor.id,
              actorRole: actor.role,
              action: 'RECEIVE',
              fromStatus: null,
              toStatus: outcome.to,
              round: 1,
              summary: `Laporan diterima dari LAPOR! (${trackingId})${actor.role === 'SERVICE' ? ` via ${v.kind === 'service' ? v.name : 'portal'}` : ''}`,
              at: now,
            },
          });
          // The follow-up and Ombudsman clocks start with the receipt, in the same commit.
          return maintainDeadlines(ctx.services, tx, c, now);
        });
      } catch (err) {
        // Two receipts of one tracking ID at the same moment: the unique index decides.
        if ((err as { code?: string }).code === 'P2002') {
          throw duplicate(await db.prisma.complaint.findUniqueOrThrow({ where: { trackingId }, select: { id: true, agencyId: true } }));
        }
        throw err;
      }
      const event: ComplaintStatusChanged = {
        complaintId: created.id,
        trackingId: created.trackingId,
        agencyId: created.agencyId,
        divisionIds: [],
        action: 'RECEIVE',
        previousStatus: null,
        status: outcome.to,
        round: 1,
        version: created.version,
        at: now.toISOString(),
        actorRole: actor.role,
      };
      pubsub.publish('complaint:status', event);
      return db.prisma.complaint.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
);
