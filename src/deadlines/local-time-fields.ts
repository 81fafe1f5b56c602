// Key dates and deadlines also in the agency's local time (WIB/WITA/WIT), so nobody converts from UTC
// by hand: `<field>Local` beside each DateTime, formatted by the one pure function
// (src/calendar/local-time.ts) with the agency's time zone (Agency.timeZone, through the cached
// working calendar: one read per agency, not per row).
import { type LocalDateTime, toLocalDateTime } from '../calendar/local-time.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';

export const LocalDateTimeType = builder.objectRef<LocalDateTime>('LocalDateTime').implement({
  description:
    'An instant in the agency’s local time (Agency.timeZone). / Waktu setempat perangkat daerah: WIB (UTC+7), WITA (UTC+8) atau WIT (UTC+9).',
  fields: (t) => ({
    dateTime: t.exposeString('dateTime', {
      description: 'ISO 8601 with the offset, e.g. 2026-12-04T00:00:00+07:00 (the same instant as the UTC field)',
    }),
    date: t.expose('date', { type: 'Date', description: 'Local date / tanggal setempat, e.g. 2026-12-04' }),
    time: t.exposeString('time', { description: 'Local time, 24-hour / jam setempat, e.g. 00:00' }),
    utcOffset: t.exposeString('utcOffset', { description: 'e.g. +07:00' }),
    zone: t.exposeString('zone', { description: 'WIB, WITA or WIT' }),
    timeZone: t.exposeString('timeZone', { description: 'The IANA zone, e.g. Asia/Jakarta' }),
    text: t.exposeString('text', { description: 'As staff write it / seperti ditulis petugas: 04-12-2026 00.00 WIB' }),
  }),
});

/** The agency's IANA time zone. */
export async function agencyTimeZone(ctx: Context, agencyId: string): Promise<string> {
  return (await ctx.services.calendars.forAgency(ctx.services.db.prisma, agencyId)).timeZone;
}

const COMPLAINT_DATES = {
  submittedAt: 'When the reporter submitted it on LAPOR!',
  dispatchedAt: 'When LAPOR! dispatched it to the agency',
  receivedAt: 'When the current agency received it (SOP step 1)',
  firstReceivedAt: 'When the report first reached the regency',
  registeredAt: 'When it was registered (SOP step 2)',
  closedAt: 'When it was closed',
} as const;
type ComplaintDate = keyof typeof COMPLAINT_DATES;

builder.prismaObjectFields('Complaint', (t) => {
  const local = (field: ComplaintDate) =>
    t.field({
      type: LocalDateTimeType,
      nullable: true,
      description: `${COMPLAINT_DATES[field]}, in the agency’s local time (null when \`${field}\` is).`,
      select: { agencyId: true, [field]: true } as { agencyId: true } & Record<ComplaintDate, true>,
      resolve: async (c, _args, ctx) => {
        const at = (c as unknown as Record<ComplaintDate, Date | null>)[field];
        return at ? toLocalDateTime(at, await agencyTimeZone(ctx, c.agencyId)) : null;
      },
    });
  return {
    submittedAtLocal: local('submittedAt'),
    dispatchedAtLocal: local('dispatchedAt'),
    receivedAtLocal: local('receivedAt'),
    firstReceivedAtLocal: local('firstReceivedAt'),
    registeredAtLocal: local('registeredAt'),
    closedAtLocal: local('closedAt'),
  };
});

builder.prismaObjectFields('ComplaintHistory', (t) => ({
  atLocal: t.field({
    type: LocalDateTimeType,
    description: '`at` in the agency’s local time.',
    select: { at: true, complaint: { select: { agencyId: true } } },
    resolve: async (h, _args, ctx) => toLocalDateTime(h.at, await agencyTimeZone(ctx, h.complaint.agencyId)),
  }),
}));
