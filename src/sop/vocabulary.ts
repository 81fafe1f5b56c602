// The SOP's vocabulary, declared once. The database keeps the same lists as Prisma enums
// (prisma/schema.prisma); the type checks at the end of this file fail `npm run typecheck` when the
// two drift apart. Workflow actions are declared by the workflow table itself (workflow.ts).
import type * as Db from '../generated/prisma/enums.js';

/** Human roles. AUDITOR reads only, so it appears in no transition. */
export const ROLES = ['COORDINATOR', 'ADMIN', 'LIAISON', 'HEAD', 'DIVISION', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** SYSTEM is the deadline sweeper; SERVICE another portal forwarding a report with an API key. */
export const ACTOR_ROLES = [...ROLES, 'SYSTEM', 'SERVICE'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const COMPLAINT_STATUSES = [
  'RECEIVED',
  'REGISTERED',
  'DISPOSED',
  'IN_FOLLOW_UP',
  'FOLLOW_UP_COMPLETED',
  'REPORT_COMPILED',
  'RESPONSE_DELIVERED',
  'CLOSED',
  'RETURNED',
  'ARCHIVED',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Still needs work from the agency. */
export const OPEN_STATUSES: ReadonlySet<ComplaintStatus> = new Set<ComplaintStatus>([
  'RECEIVED',
  'REGISTERED',
  'DISPOSED',
  'IN_FOLLOW_UP',
  'FOLLOW_UP_COMPLETED',
  'REPORT_COMPILED',
  'RESPONSE_DELIVERED',
]);

/** The agency holds the report and owes its first response (steps 1–6 done or under way). */
export const AWAITING_FIRST_RESPONSE: ReadonlySet<ComplaintStatus> = new Set<ComplaintStatus>([
  'RECEIVED',
  'REGISTERED',
  'DISPOSED',
  'IN_FOLLOW_UP',
  'FOLLOW_UP_COMPLETED',
  'REPORT_COMPILED',
]);

/**
 * History entries that change no status: the Ombudsman take-over (the sweeper) and deadlines moved by
 * a holiday change. They go through the runner like the workflow actions (see runner.ts, recordNotes).
 */
export const NOTE_ACTIONS = ['ESCALATE_TO_OMBUDSMAN', 'RECOMPUTE_DEADLINES'] as const;
export type NoteAction = (typeof NOTE_ACTIONS)[number];

/**
 * A complaint's class: LAPOR!'s kind, and for LAPORAN whether it has an oversight element (berkadar
 * pengawasan). The clock policy sets the follow-up length per class.
 */
export const COMPLAINT_CLASSES = ['ASPIRASI', 'INFORMASI', 'LAPORAN', 'LAPORAN_PENGAWASAN'] as const;
export type ComplaintClass = (typeof COMPLAINT_CLASSES)[number];

export function classOf(c: { kind: 'LAPORAN' | 'SARAN' | 'INFORMASI'; hasOversight: boolean }): ComplaintClass {
  if (c.kind === 'SARAN') return 'ASPIRASI';
  if (c.kind === 'INFORMASI') return 'INFORMASI';
  return c.hasOversight ? 'LAPORAN_PENGAWASAN' : 'LAPORAN';
}

/** Why a report is paused (tunda). */
export const PAUSE_REASONS = ['AWAITING_REPORTER', 'AWAITING_THIRD_PARTY'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** The clocks of a complaint (PAUSE: the maximum length of a tunda). */
export const DEADLINE_KINDS = ['FOLLOW_UP', 'AUTO_CLOSE', 'OMBUDSMAN', 'PAUSE'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** What the deadline sweeper records about a clock. */
export const DEADLINE_EVENT_KINDS = ['WARNING', 'OVERDUE', 'AUTO_CLOSED', 'ESCALATED_TO_OMBUDSMAN'] as const;
export type DeadlineEventKind = (typeof DEADLINE_EVENT_KINDS)[number];

// Build-time checks against the Prisma enums: a value added on one side only is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const VOCABULARY_MATCHES_DATABASE: {
  role: Same<Role, Db.Role>;
  actorRole: Same<ActorRole, Db.ActorRole>;
  status: Same<ComplaintStatus, Db.ComplaintStatus>;
  deadlineKind: Same<DeadlineKind, Db.DeadlineKind>;
  deadlineEventKind: Same<DeadlineEventKind, Db.DeadlineEventKind>;
  complaintClass: Same<ComplaintClass, Db.ComplaintClass>;
  pauseReason: Same<PauseReason, Db.PauseReason>;
} = { role: true, actorRole: true, status: true, deadlineKind: true, deadlineEventKind: true, complaintClass: true, pauseReason: true };
