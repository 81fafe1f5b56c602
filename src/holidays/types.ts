// Holidays as data: libur nasional and cuti bersama (kept by the regency COORDINATOR) and an agency's
// regional days (kept by its ADMIN). Every signed-in user reads the calendar that applies to them.
import { DuplicateHolidayError } from '../errors.js';
import { HolidayKind } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Viewer } from '../auth/viewer.js';
import { AgencyNode } from '../agencies/types.js';
import { InvalidInputError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { ErrorInterface } from '../graphql/error-types.js';
import { isUuid } from '../uuid.js';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const HolidayKindEnum = builder.enumType(HolidayKind, {
  name: 'HolidayKind',
  description: 'LIBUR_NASIONAL (national holiday), CUTI_BERSAMA (collective leave), REGIONAL (one agency’s own day off).',
});

builder.objectType(DuplicateHolidayError, {
  name: 'DuplicateHolidayError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof DuplicateHolidayError,
  fields: (t) => ({
    date: t.exposeString('date'),
    kind: t.exposeString('kind'),
    existingHolidayId: t.exposeID('existingHolidayId'),
  }),
});

/** National entries, plus the regional ones of the viewer's agency (a COORDINATOR sees them all). */
export function holidayScope(viewer: Viewer): Prisma.HolidayWhereInput {
  if (viewer?.kind !== 'user') return { id: { in: [] } };
  if (viewer.role === 'COORDINATOR') return {};
  return { OR: [{ agencyId: null }, ...(viewer.agencyId ? [{ agencyId: viewer.agencyId }] : [])] };
}

export const HolidayNode = builder.prismaNode('Holiday', {
  id: { field: 'id' },
  authScopes: { signedIn: true },
  findUnique: (id, ctx) => ({ id, ...holidayScope(ctx.viewer) }) as never,
  fields: (t) => ({
    date: t.field({ type: 'Date', select: { date: true }, resolve: (h) => h.date.toISOString().slice(0, 10) }),
    kind: t.expose('kind', { type: HolidayKindEnum }),
    name: t.exposeString('name'),
    legalBasis: t.exposeString('legalBasis', { nullable: true, description: 'e.g. the SKB 3 Menteri decree' }),
    agency: t.relation('agency', { nullable: true, description: 'Only for REGIONAL holidays' }),
  }),
});

builder.queryField('holidays', (t) =>
  t.prismaField({
    type: ['Holiday'],
    description: 'The non-working days of a year for an agency: national holidays, cuti bersama and its regional days.',
    authScopes: { signedIn: true },
    args: {
      year: t.arg.int(),
      agencyId: t.arg.globalID({
        for: AgencyNode,
        required: false,
        description: 'Default: your own agency; a COORDINATOR without it sees national entries only',
      }),
    },
    resolve: (query, _root, args, ctx) => {
      const v = ctx.viewer!;
      if (!Number.isInteger(args.year) || args.year < 1900 || args.year > 2200) {
        // Not in a union (a list result); the client still gets code INVALID_INPUT.
        throw new InvalidInputError([{ field: 'year', message: 'must be a year between 1900 and 2200' }]);
      }
      const own = v.kind === 'user' ? v.agencyId : null;
      const coordinator = v.kind === 'user' && v.role === 'COORDINATOR';
      const requested = args.agencyId?.id ?? null;
      // Another agency's regional days are not shown to a non-coordinator (nor is whether it exists).
      const agencyId = !requested
        ? coordinator
          ? null
          : own
        : (coordinator || requested === own) && isUuid(requested)
          ? requested
          : NIL_UUID;
      return ctx.services.db.prisma.holiday.findMany({
        ...query,
        where: {
          date: { gte: new Date(Date.UTC(args.year, 0, 1)), lt: new Date(Date.UTC(args.year + 1, 0, 1)) },
          OR: [{ agencyId: null }, ...(agencyId ? [{ agencyId }] : [])],
        },
        orderBy: [{ date: 'asc' }, { kind: 'asc' }],
      });
    },
  }),
);
