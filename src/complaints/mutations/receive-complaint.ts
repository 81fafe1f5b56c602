// SOP step 1: receive a report from LAPOR! (src/sop/actions/receive.ts).
import { AgencyNode } from '../../agencies/types.js';
import { DuplicateTrackingIdError, InvalidInputError, NotFoundError, RoleNotAllowedError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { receive } from '../../sop/actions/receive.js';
import { receiverOf } from '../actor.js';
import { AttachmentInput } from '../attachments.js';
import { ComplaintChannelEnum, ComplaintKindEnum } from '../types.js';
import { reloadComplaint, stepAuthScopes, stepDescription } from './step.js';

const ReporterInput = builder.inputType('ReporterInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    contact: t.string({ required: false, description: 'Phone or email, as given on LAPOR!' }),
    anonymous: t.boolean({ defaultValue: false, description: 'Identity hidden from everyone' }),
    confidential: t.boolean({
      defaultValue: false,
      description: stepDescription(
        'RECEIVE',
        'Langkah 1 SOP: menerima laporan dari LAPOR! ke perangkat daerah.',
        'Rahasia: identity visible only to the agency ADMIN and HEAD, every read logged',
      ),
    }),
  }),
});

const ReceiveComplaintInput = builder.inputType('ReceiveComplaintInput', {
  fields: (t) => ({
    agencyId: t.globalID({
      for: AgencyNode,
      required: false,
      description: 'Required for a COORDINATOR or a regency-wide key; an ADMIN receives for their own agency',
    }),
    trackingId: t.string({ description: 'LAPOR! tracking ID' }),
    kind: t.field({ type: ComplaintKindEnum }),
    title: t.string(),
    content: t.string(),
    category: t.string({
      required: false,
      description: 'LAPOR!’s category text; mapped to the agency’s catalogue category when an alias matches',
    }),
    hasOversight: t.boolean({
      required: false,
      description: 'LAPORAN berkadar pengawasan (an oversight element); decides the clock policy class',
    }),
    location: t.string({ required: false }),
    channel: t.field({ type: ComplaintChannelEnum, defaultValue: 'WEB' }),
    submittedAt: t.field({ type: 'DateTime' }),
    dispatchedAt: t.field({ type: 'DateTime' }),
    reporter: t.field({ type: ReporterInput, required: false }),
    attachments: t.field({ type: [AttachmentInput], required: false }),
  }),
});

builder.mutationField('receiveComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 1: receive a report from LAPOR! into the agency.',
    authScopes: stepAuthScopes('RECEIVE'),
    errors: { types: [DuplicateTrackingIdError, InvalidInputError, NotFoundError, RoleNotAllowedError] },
    args: { input: t.arg({ type: ReceiveComplaintInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const created = await receive(ctx.services, receiverOf(ctx.viewer), { ...input, agencyId: input.agencyId?.id ?? null });
      return reloadComplaint(ctx, query, created.id);
    },
  }),
);
