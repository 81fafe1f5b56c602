// Attachment metadata (the file itself stays on LAPOR! or the agency's file store): the reporter's
// attachments on a complaint, and a division's evidence on a follow-up result.
import { builder } from '../graphql/builder.js';
import { complaintChildNode } from './visibility.js';

export const AttachmentNode = builder.prismaNode('Attachment', {
  ...complaintChildNode,
  fields: (t) => ({
    name: t.exposeString('name'),
    mediaType: t.exposeString('mediaType'),
    size: t.exposeInt('size', { description: 'Bytes' }),
    url: t.exposeString('url'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** Attachment metadata as clients send it (received reports, a division's evidence). */
export const AttachmentInput = builder.inputType('AttachmentInput', {
  fields: (t) => ({
    name: t.string(),
    mediaType: t.string(),
    size: t.int(),
    url: t.string(),
  }),
});
