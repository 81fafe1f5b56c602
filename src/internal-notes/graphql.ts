// Internal notes: staff-only remarks on a complaint (append-only: the database rejects UPDATE and
// DELETE). Any staff member who can see the complaint may add one. They exist only on the staff
// Complaint node: never on the status view, in subscription payloads, in portal exports or in the
// SDK's status types.
import { RoleEnum } from '../agencies/types.js';
import type { UserViewer } from '../auth/viewer.js';
import { staffActor } from '../complaints/actor.js';
import { ComplaintNode } from '../complaints/types.js';
import { InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { ROLES } from '../sop/vocabulary.js';
import { isUuid } from '../uuid.js';

const NOTE_MAX = 5_000;
const STAFF = [...ROLES];

export const InternalNoteRef = builder.prismaObject('InternalNote', {
  description: 'A staff-only note on a complaint; never shown to portals or the reporter.',
  fields: (t) => ({
    text: t.exposeString('text'),
    authorRole: t.expose('authorRole', { type: RoleEnum }),
    authorName: t.string({
      select: { authorId: true },
      resolve: async (n, _a, ctx) =>
        (await ctx.services.db.prisma.user.findUnique({ where: { id: n.authorId }, select: { name: true } }))?.name ?? '',
    }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.prismaObjectFields('Complaint', (t) => ({
  internalNotes: t.relation('internalNotes', {
    description: 'Staff-only notes, oldest first',
    query: { orderBy: { id: 'asc' } },
  }),
}));

builder.mutationField('addInternalNote', (t) =>
  t.prismaField({
    type: InternalNoteRef,
    description: 'Add a staff-only note to a complaint you can see. Notes cannot be changed or removed.',
    authScopes: { role: STAFF },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { complaintId: t.arg.globalID({ for: ComplaintNode }), text: t.arg.string() },
    resolve: async (query, _root, { complaintId, text }, ctx) => {
      const actor = staffActor(ctx.viewer);
      new InputChecker().text('text', text, { max: NOTE_MAX }).throwIfAny();
      const { prisma } = ctx.services.db;
      const id = complaintId.id;
      const visible = isUuid(id) ? await prisma.complaint.findFirst({ where: { AND: [{ id }, actor.scope] }, select: { id: true } }) : null;
      if (!visible) throw new NotFoundError('Complaint', id);
      const note = await prisma.internalNote.create({
        data: {
          complaintId: id,
          authorId: actor.id,
          authorRole: (ctx.viewer as UserViewer).role,
          text: text.trim(),
          at: ctx.services.clock.now(),
        },
      });
      return prisma.internalNote.findUniqueOrThrow({ ...query, where: { id: note.id } });
    },
  }),
);
