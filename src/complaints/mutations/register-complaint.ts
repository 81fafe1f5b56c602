// SOP step 2: enter the report in the register book (Buku Inventarisasi) with the next number.
import { ConflictError, IllegalTransitionError, NotFoundError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { localDate } from '../../calendar/calendar.js';
import { nextRegisterSeq, formatRegisterNumber } from '../register-number.js';
import { actorOf, runTransition } from '../transition.js';
import { ComplaintNode } from '../types.js';

builder.mutationField('registerComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 2: register the report in the register book and give it its number.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: [NotFoundError, ConflictError, IllegalTransitionError] },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
    },
    resolve: async (query, _root, args, ctx) => {
      const { services } = ctx;
      const updated = await runTransition<{ year: number; seq: number; number: string; at: Date }>(services, ctx.viewer, actorOf(ctx.viewer), {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'REGISTER',
        apply: async (tx, c) => {
          const agency = await tx.agency.findUniqueOrThrow({ where: { id: c.agencyId } });
          const now = services.clock.now();
          const year = Number(localDate(now, agency.timeZone).slice(0, 4));
          const seq = await nextRegisterSeq(tx, agency.id, year);
          const number = formatRegisterNumber(agency.registerNumberFormat, { seq, code: agency.code, year });
          // The book's own line: it outlives a later return and dispatch to another agency.
          await tx.registerEntry.create({
            data: { agencyId: agency.id, year, seq, number, complaintId: c.id, trackingId: c.trackingId, registeredAt: now, registeredById: ctx.viewer?.kind === 'user' ? ctx.viewer.id : null },
          });
          return { year, seq, number, at: now };
        },
        update: (_c, r) => ({
          registerYear: r.year,
          registerSeq: r.seq,
          registerNumber: r.number,
          registeredAt: r.at,
        }),
        summary: (_c, r) => `Dicatat di Buku Inventarisasi dengan nomor ${r.number}`,
      });
      return services.db.prisma.complaint.findUniqueOrThrow({ ...query, where: { id: updated.id } });
    },
  }),
);
