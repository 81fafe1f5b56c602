// Complaint.deadlines: the legal clocks of one complaint, from its stored columns and the agency's
// working calendar. "Remaining" counts days left after today (0 = due at the end of today).
import type { ComplaintStatus } from '../sop/vocabulary.js';
import { builder } from '../graphql/builder.js';
import { loadClockLengths } from '../clock-policy/store.js';
import { classOf } from '../sop/vocabulary.js';
import type { ClockLengths } from '../clock-policy/policy.js';
import type { Context } from '../graphql/context.js';
import type { Complaint } from '../generated/prisma/client.js';
import type { WorkingCalendar } from '../calendar/calendar.js';
import { toLocalDateTime } from '../calendar/local-time.js';
import { LocalDateTimeType } from './local-time-fields.js';

/**
 * What the clocks of an agency's complaints need: its working calendar (cached across requests by the
 * provider) and its clock lengths (one clock-policy read per agency per request: a page of complaints
 * must not read it per row). Kept per request as the value once loaded, so that after
 * preloadDeadlineInputs the field resolves synchronously: 50 rows then add no promise each.
 */
interface DeadlineInputs {
  cal: WorkingCalendar;
  lengths: ClockLengths;
}
const inputsPerRequest = new WeakMap<object, Map<string, DeadlineInputs | Promise<DeadlineInputs>>>();
function deadlineInputs(ctx: Context, agencyId: string): DeadlineInputs | Promise<DeadlineInputs> {
  let perAgency = inputsPerRequest.get(ctx);
  if (!perAgency) {
    perAgency = new Map();
    inputsPerRequest.set(ctx, perAgency);
  }
  const known = perAgency.get(agencyId);
  if (known) return known;
  const { services } = ctx;
  const loading = Promise.all([
    services.calendars.forAgency(services.db.prisma, agencyId),
    loadClockLengths(services.db.prisma, agencyId, services.config.followUpWorkingDays),
  ]).then(([cal, lengths]) => {
    const inputs = { cal, lengths };
    perAgency.set(agencyId, inputs);
    return inputs;
  });
  perAgency.set(agencyId, loading);
  return loading;
}

/** Loads the clocks' inputs for these agencies before a list's rows resolve `deadlines`. */
export async function preloadDeadlineInputs(ctx: Context, agencyIds: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(agencyIds)].map((id) => deadlineInputs(ctx, id)));
}

import {
  firstResponseClocksRun,
  followUpDue,
  pausedWorkingDaysBetween,
  ombudsmanDue,
  remainingCalendarDays,
  remainingWorkingDays,
} from './compute.js';

/** Every clock carries the agency's zone for its `dueAtLocal`. */
interface Zoned {
  timeZone: string;
}
interface FollowUpShape extends Zoned {
  dueAt: Date;
  running: boolean;
  paused: boolean;
  lengthWorkingDays: number;
  pausedWorkingDays: number;
  extensionWorkingDays: number;
  extensionReason: string | null;
  remainingWorkingDays: number | null;
  overdue: boolean;
  overdueAt: Date | null;
  warned: boolean;
}
interface AutoCloseShape extends Zoned {
  dueAt: Date;
  remainingWorkingDays: number;
  warned: boolean;
}
interface OmbudsmanShape extends Zoned {
  dueAt: Date;
  running: boolean;
  remainingDays: number | null;
  escalated: boolean;
  escalatedAt: Date | null;
}
interface DeadlinesShape {
  followUp: FollowUpShape;
  autoClose: AutoCloseShape | null;
  ombudsman: OmbudsmanShape;
}

/** `dueAt` in the agency's local time (a due date of midnight WIB reads 00:00 on the next day's date). */
// biome-ignore lint/suspicious/noExplicitAny: the field builder of each clock type (they share only dueAt and timeZone).
function dueAtLocal(t: any) {
  return t.field({
    type: LocalDateTimeType,
    description: '`dueAt` in the agency’s local time (WIB/WITA/WIT) / batas waktu dalam waktu setempat',
    resolve: (d: { dueAt: Date; timeZone: string }) => toLocalDateTime(d.dueAt, d.timeZone),
  });
}

const FollowUpDeadline = builder.objectRef<FollowUpShape>('FollowUpDeadline').implement({
  description: 'SOP: follow up within N working days (default 5) of receipt. The clock stops when the response is delivered on LAPOR!.',
  fields: (t) => ({
    dueAt: t.expose('dueAt', { type: 'DateTime', description: 'End (local midnight) of the last working day' }),
    dueAtLocal: dueAtLocal(t),
    running: t.exposeBoolean('running', {
      description: 'False once a response was delivered, or the report was returned, archived or closed, and while paused',
    }),
    paused: t.exposeBoolean('paused', { description: 'Tunda: stopped until resumed; dueAt is then the date as if resumed now' }),
    lengthWorkingDays: t.exposeInt('lengthWorkingDays', { description: 'The clock policy’s length for the complaint’s class' }),
    pausedWorkingDays: t.exposeInt('pausedWorkingDays', { description: 'Working days of finished pauses, added to the length' }),
    extensionWorkingDays: t.exposeInt('extensionWorkingDays', { description: 'The head’s extension, added to the length' }),
    extensionReason: t.exposeString('extensionReason', { nullable: true }),
    remainingWorkingDays: t.exposeInt('remainingWorkingDays', {
      nullable: true,
      description:
        'Working days left after today; 0 = due at the end of today; negative = working days overdue; null when the clock stopped',
    }),
    overdue: t.exposeBoolean('overdue'),
    overdueAt: t.expose('overdueAt', { type: 'DateTime', nullable: true, description: 'When the sweeper recorded the breach' }),
    warned: t.exposeBoolean('warned'),
  }),
});

const AutoCloseDeadline = builder.objectRef<AutoCloseShape>('AutoCloseDeadline').implement({
  description: 'SOP: a delivered response without reply closes by itself after N working days (default 10).',
  fields: (t) => ({
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    dueAtLocal: dueAtLocal(t),
    remainingWorkingDays: t.exposeInt('remainingWorkingDays'),
    warned: t.exposeBoolean('warned'),
  }),
});

const OmbudsmanDeadline = builder.objectRef<OmbudsmanShape>('OmbudsmanDeadline').implement({
  description:
    'SOP warning: without a delivered response N days (default 60 calendar days) after the report first reached the regency (firstReceivedAt, kept across dispatches), the Ombudsman takes over; work continues.',
  fields: (t) => ({
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    dueAtLocal: dueAtLocal(t),
    running: t.exposeBoolean('running'),
    remainingDays: t.exposeInt('remainingDays', {
      nullable: true,
      description: 'Days (in the configured unit) left after today; null when the clock stopped',
    }),
    escalated: t.exposeBoolean('escalated'),
    escalatedAt: t.expose('escalatedAt', { type: 'DateTime', nullable: true }),
  }),
});

const ComplaintDeadlines = builder.objectRef<DeadlinesShape>('ComplaintDeadlines').implement({
  fields: (t) => ({
    followUp: t.field({ type: FollowUpDeadline, resolve: (d) => d.followUp }),
    autoClose: t.field({
      type: AutoCloseDeadline,
      nullable: true,
      description: 'Only while a response awaits the complainant',
      resolve: (d) => d.autoClose,
    }),
    ombudsman: t.field({ type: OmbudsmanDeadline, resolve: (d) => d.ombudsman }),
  }),
});

/** The columns the clocks are computed from. */
const DEADLINE_COLUMNS = {
  agencyId: true,
  status: true,
  round: true,
  receivedAt: true,
  firstReceivedAt: true,
  responseDeliveredAt: true,
  followUpDueAt: true,
  followUpWarnedAt: true,
  followUpOverdueAt: true,
  autoCloseAt: true,
  autoCloseWarnedAt: true,
  ombudsmanDueAt: true,
  escalatedAt: true,
  kind: true,
  hasOversight: true,
  pausedAt: true,
  pausedWorkingDays: true,
  followUpExtensionDays: true,
  followUpExtensionReason: true,
} as const;
type DeadlineRow = Pick<Complaint, keyof typeof DEADLINE_COLUMNS>;

builder.prismaObjectFields('Complaint', (t) => ({
  deadlines: t.field({
    type: ComplaintDeadlines,
    description: 'The legal clocks: follow-up, auto-close, Ombudsman (working days skip weekends and holidays).',
    select: DEADLINE_COLUMNS,
    resolve: (c, _args, ctx) => {
      const inputs = deadlineInputs(ctx, c.agencyId);
      return inputs instanceof Promise ? inputs.then((i) => deadlinesOf(c, i, ctx)) : deadlinesOf(c, inputs, ctx);
    },
  }),
}));

function deadlinesOf(c: DeadlineRow, { cal, lengths }: DeadlineInputs, ctx: Context): DeadlinesShape {
  const { services } = ctx;
  const now = services.clock.now();
  const cfg = services.config;
  const clocks = firstResponseClocksRun({
    status: c.status as ComplaintStatus,
    round: c.round,
    responseDeliveredAt: c.responseDeliveredAt,
  });
  const paused = clocks && c.pausedAt !== null;
  const running = clocks && !paused;
  const length = lengths[classOf(c)];
  // While paused: the due date as if resumed now (the paused days so far added).
  const pausedSoFar = paused ? pausedWorkingDaysBetween(c.pausedAt!, now, cal) : 0;
  const adj = {
    followUpWorkingDays: length,
    pausedWorkingDays: c.pausedWorkingDays + pausedSoFar,
    followUpExtensionDays: c.followUpExtensionDays,
  };
  const fuDue = c.followUpDueAt ?? followUpDue(c.receivedAt, cal, cfg, adj);
  const omDue = c.ombudsmanDueAt ?? ombudsmanDue(c.firstReceivedAt, cal, cfg);
  const omRemaining =
    cfg.ombudsmanUnit === 'WORKING_DAYS' ? remainingWorkingDays(now, omDue, cal) : remainingCalendarDays(now, omDue, cal.timeZone);
  return {
    followUp: {
      timeZone: cal.timeZone,
      dueAt: fuDue,
      running,
      paused,
      lengthWorkingDays: length,
      pausedWorkingDays: c.pausedWorkingDays,
      extensionWorkingDays: c.followUpExtensionDays,
      extensionReason: c.followUpExtensionReason,
      remainingWorkingDays: running ? remainingWorkingDays(now, fuDue, cal) : null,
      overdue: c.followUpOverdueAt !== null || (running && now.getTime() >= fuDue.getTime()),
      overdueAt: c.followUpOverdueAt,
      warned: c.followUpWarnedAt !== null,
    },
    autoClose:
      c.status === 'RESPONSE_DELIVERED' && c.autoCloseAt
        ? {
            timeZone: cal.timeZone,
            dueAt: c.autoCloseAt,
            remainingWorkingDays: remainingWorkingDays(now, c.autoCloseAt, cal),
            warned: c.autoCloseWarnedAt !== null,
          }
        : null,
    ombudsman: {
      timeZone: cal.timeZone,
      dueAt: omDue,
      running: clocks,
      remainingDays: clocks ? omRemaining : null,
      escalated: c.escalatedAt !== null,
      escalatedAt: c.escalatedAt,
    },
  };
}
