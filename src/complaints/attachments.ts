// Attachment metadata (the file itself stays on LAPOR! or the agency's file store): the reporter's
// attachments on a complaint, and a division's evidence on a follow-up result.
import { builder } from '../graphql/builder.js';
import { complaintScope } from './visibility.js';

export const AttachmentNode = builder.prismaNode('Attachment', {
  id: { field: 'id' },
  // Not visible = not found: node(id) answers null, never an error that confirms it exists.
  nullable: true,
  authScopes: { signedIn: true },
  findUnique: (id, ctx) => ({ id, complaint: complaintScope(ctx.viewer) }),
  fields: (t) => ({
    name: t.exposeString('name'),
    mediaType: t.exposeString('mediaType'),
    size: t.exposeInt('size', { description: 'Bytes' }),
    url: t.exposeString('url'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
