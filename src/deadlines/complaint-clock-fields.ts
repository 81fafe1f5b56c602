// Staff fields of a complaint's class, tunda and extension, and what the status view may show of
// them: the class name and, while paused, a fixed phrase (never the staff's free text).
import { ComplaintStatusView } from '../complaints/status-view.js';
import { builder } from '../graphql/builder.js';
import { classOf, type PauseReason } from '../sop/vocabulary.js';
import { PAUSE_PHRASES } from '../sop/wording.js';
import { firstResponseClocksRun } from './compute.js';
import { ComplaintClassEnum, PauseReasonEnum } from './types.js';

interface PauseShape {
  pausedAt: Date;
  reason: PauseReason;
  note: string;
  limitAt: Date | null;
  warned: boolean;
}

const ComplaintPause = builder.objectRef<PauseShape>('ComplaintPause').implement({
  description: 'A running tunda: the follow-up clock is stopped until resumeComplaint.',
  fields: (t) => ({
    pausedAt: t.expose('pausedAt', { type: 'DateTime' }),
    reason: t.field({ type: PauseReasonEnum, resolve: (p) => p.reason }),
    phrase: t.string({ description: 'The fixed phrase the status view shows', resolve: (p) => PAUSE_PHRASES[p.reason] }),
    note: t.exposeString('note', { description: 'What exactly is awaited (staff only)' }),
    limitAt: t.expose('limitAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the pause outlasts PAUSE_MAX_WORKING_DAYS (a PAUSE WARNING event then)',
    }),
    warned: t.exposeBoolean('warned'),
  }),
});

interface ExtensionShape {
  workingDays: number;
  reason: string;
  round: number;
}

const FollowUpExtension = builder.objectRef<ExtensionShape>('FollowUpExtension').implement({
  description: 'The head’s extension of the follow-up deadline.',
  fields: (t) => ({
    workingDays: t.exposeInt('workingDays'),
    reason: t.exposeString('reason'),
    round: t.exposeInt('round'),
  }),
});

builder.prismaObjectFields('Complaint', (t) => ({
  complaintClass: t.field({
    type: ComplaintClassEnum,
    description: 'Kind plus, for LAPORAN, the oversight element: decides the follow-up length (clock policy).',
    select: { kind: true, hasOversight: true },
    resolve: (c) => classOf(c),
  }),
  hasOversight: t.exposeBoolean('hasOversight', { description: 'LAPORAN berkadar pengawasan' }),
  pause: t.field({
    type: ComplaintPause,
    nullable: true,
    description: 'The running tunda, if any',
    select: { pausedAt: true, pauseReason: true, pauseNote: true, pauseLimitAt: true, pauseWarnedAt: true },
    resolve: (c) =>
      c.pausedAt && c.pauseReason
        ? {
            pausedAt: c.pausedAt,
            reason: c.pauseReason,
            note: c.pauseNote ?? '',
            limitAt: c.pauseLimitAt,
            warned: c.pauseWarnedAt !== null,
          }
        : null,
  }),
  pausedWorkingDays: t.exposeInt('pausedWorkingDays', { description: 'Working days of finished pauses, added to the follow-up clock' }),
  followUpExtension: t.field({
    type: FollowUpExtension,
    nullable: true,
    select: { followUpExtensionDays: true, followUpExtensionReason: true, followUpExtendedRound: true },
    resolve: (c) =>
      c.followUpExtendedRound !== null
        ? { workingDays: c.followUpExtensionDays, reason: c.followUpExtensionReason ?? '', round: c.followUpExtendedRound }
        : null,
  }),
}));

builder.prismaObjectFields(ComplaintStatusView, (t) => ({
  complaintClass: t.field({
    type: ComplaintClassEnum,
    select: { kind: true, hasOversight: true },
    resolve: (c) => classOf(c),
  }),
  paused: t.boolean({
    description: 'True while the agency waits for the reporter or a third party (tunda)',
    select: { pausedAt: true, status: true, round: true, responseDeliveredAt: true },
    resolve: (c) => c.pausedAt !== null && firstResponseClocksRun(c),
  }),
  pauseNotice: t.string({
    nullable: true,
    description: 'While paused: a fixed phrase saying why (never staff text)',
    select: { pausedAt: true, pauseReason: true, status: true, round: true, responseDeliveredAt: true },
    resolve: (c) => (c.pausedAt !== null && c.pauseReason && firstResponseClocksRun(c) ? PAUSE_PHRASES[c.pauseReason] : null),
  }),
}));
