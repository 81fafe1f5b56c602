// The register book (Buku Inventarisasi, SOP step 2): the entries registered in a period, in register
// number order, and how many were registered on each day (the agency's local date), which is the
// SOP's "daily count of reports". Agency-level: DIVISION staff do not read it.
import { AgencyNode } from '../agencies/types.js';
import { addCalendarDays, localDate, startOfLocalDay } from '../calendar/calendar.js';
import { InputChecker } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import { agencyForRead } from './agency-arg.js';
import { ComplaintNode } from './types.js';

export const MAX_REGISTER_BOOK_DAYS = 366;

interface Book {
  agencyId: string;
  from: string;
  to: string;
  timeZone: string;
  where: Prisma.RegisterEntryWhereInput;
}

/** One line of the book. The report itself is shown while it is still with this agency. */
const RegisterEntryType = builder.prismaObject('RegisterEntry', {
  authScopes: { signedIn: true },
  fields: (t) => ({
    registerNumber: t.exposeString('number'),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
    trackingId: t.exposeString('trackingId', { description: 'LAPOR! tracking ID' }),
    transferred: t.boolean({
      description: 'The report was later returned (bukan wewenang) and now belongs to another agency',
      select: { agencyId: true, complaint: { select: { agencyId: true } } },
      resolve: (e) => e.complaint.agencyId !== e.agencyId,
    }),
    complaint: t.field({
      type: ComplaintNode,
      nullable: true,
      description: 'The report, while it is still with this agency (null after a transfer)',
      select: (_args, _ctx, nestedSelection) => ({ agencyId: true, complaint: nestedSelection({ select: { agencyId: true } }) }),
      resolve: (e) => (e.complaint.agencyId === e.agencyId ? e.complaint : null) as never,
    }),
  }),
});

const RegisterDayCount = builder.objectRef<{ date: string; count: number }>('RegisterDayCount').implement({
  fields: (t) => ({ date: t.expose('date', { type: 'Date' }), count: t.exposeInt('count') }),
});

const RegisterBook = builder.objectRef<Book>('RegisterBook').implement({
  description: 'Buku Inventarisasi laporan/saran/informasi dari masyarakat melalui aplikasi LAPOR! for a period.',
  fields: (t) => ({
    agency: t.prismaField({
      type: AgencyNode,
      resolve: (query, b, _a, ctx) => ctx.services.db.prisma.agency.findUniqueOrThrow({ ...query, where: { id: b.agencyId } }),
    }),
    from: t.expose('from', { type: 'Date' }),
    to: t.expose('to', { type: 'Date' }),
    entries: t.prismaField({
      type: [RegisterEntryType],
      description: 'Lines of the book, in register number order (transferred reports keep their line)',
      resolve: (query, b, _a, ctx) =>
        ctx.services.db.prisma.registerEntry.findMany({ ...query, where: b.where, orderBy: [{ year: 'asc' }, { seq: 'asc' }] }),
    }),
    days: t.field({
      type: [RegisterDayCount],
      description: 'Reports registered per local day, for the days with at least one',
      resolve: async (b, _a, ctx) => {
        const rows = await ctx.services.db.prisma.registerEntry.findMany({ where: b.where, select: { registeredAt: true } });
        const counts = new Map<string, number>();
        for (const r of rows) {
          const day = localDate(r.registeredAt, b.timeZone);
          counts.set(day, (counts.get(day) ?? 0) + 1);
        }
        return [...counts].sort(([a], [b2]) => a.localeCompare(b2)).map(([date, count]) => ({ date, count }));
      },
    }),
    total: t.int({
      resolve: (b, _a, ctx) => ctx.services.db.prisma.registerEntry.count({ where: b.where }),
    }),
  }),
});

builder.queryField('registerBook', (t) =>
  t.field({
    type: RegisterBook,
    description: 'The register book of an agency between two local dates (inclusive). agencyId: required for the COORDINATOR.',
    authScopes: { role: ['ADMIN', 'LIAISON', 'HEAD', 'AUDITOR', 'COORDINATOR'] },
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: async (_root, args, ctx) => {
      const check = new InputChecker();
      check.check(args.from <= args.to, 'to', 'must not be before from');
      check.check(
        addCalendarDays(args.from, MAX_REGISTER_BOOK_DAYS - 1) >= args.to,
        'to',
        `the period can be at most ${MAX_REGISTER_BOOK_DAYS} days`,
      );
      check.throwIfAny();
      const agencyId = await agencyForRead(ctx, args.agencyId?.id);
      if (!agencyId) new InputChecker().check(false, 'agencyId', 'say which agency’s register book').throwIfAny();
      const agency = await ctx.services.db.prisma.agency.findUniqueOrThrow({ where: { id: agencyId! } });
      // The book is the agency's own record: agencyForRead already checked the caller may read it.
      const where: Prisma.RegisterEntryWhereInput = {
        agencyId: agency.id,
        registeredAt: {
          gte: startOfLocalDay(args.from, agency.timeZone),
          lt: startOfLocalDay(addCalendarDays(args.to, 1), agency.timeZone),
        },
      };
      return { agencyId: agency.id, from: args.from, to: args.to, timeZone: agency.timeZone, where };
    },
  }),
);
