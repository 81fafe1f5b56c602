// Who must be told, by e-mail, about an event: the staff whose turn it is in the SOP. Pure: the event
// and the complaint's current status in, the roles (and whether the divisions' staff) out.
import type { ComplaintDeadlineEvent, ComplaintStatusChanged } from '../sop/events.js';
import type { ComplaintStatus, Role } from '../sop/vocabulary.js';

export const NOTICE_KINDS = [
  'NEW_REPORT',
  'TO_DISPOSE',
  'DISPOSITION',
  'RESULTS_IN',
  'TO_POST',
  'COMPLAINANT_ANSWER',
  'DEADLINE_WARNING',
  'DEADLINE_OVERDUE',
  'OMBUDSMAN',
  'PAUSE_TOO_LONG',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Audience {
  kind: NoticeKind;
  roles: Role[];
  /** Staff of the divisions named (disposed, or still owing a result). */
  divisions: 'DISPOSED' | 'PENDING_RESULT' | null;
}

/** Which role holds the next step of a complaint in this status (deadline notices go there). */
const HOLDER: Partial<Record<ComplaintStatus, Pick<Audience, 'roles' | 'divisions'>>> = {
  RECEIVED: { roles: ['ADMIN'], divisions: null },
  REGISTERED: { roles: ['HEAD'], divisions: null },
  DISPOSED: { roles: ['LIAISON'], divisions: null },
  IN_FOLLOW_UP: { roles: [], divisions: 'PENDING_RESULT' },
  FOLLOW_UP_COMPLETED: { roles: ['LIAISON'], divisions: null },
  REPORT_COMPILED: { roles: ['ADMIN'], divisions: null },
  RESPONSE_DELIVERED: { roles: ['ADMIN'], divisions: null },
};

/** By action (a step that leaves the status unchanged, e.g. one of several plans, tells nobody). */
export function statusAudience(e: Pick<ComplaintStatusChanged, 'action' | 'status'>): Audience | null {
  switch (e.action) {
    case 'RECEIVE':
    case 'DISPATCH':
      return { kind: 'NEW_REPORT', roles: ['ADMIN'], divisions: null };
    case 'RESTORE':
      return e.status === 'RECEIVED'
        ? { kind: 'NEW_REPORT', roles: ['ADMIN'], divisions: null }
        : { kind: 'TO_DISPOSE', roles: ['HEAD'], divisions: null };
    case 'REGISTER':
      return { kind: 'TO_DISPOSE', roles: ['HEAD'], divisions: null };
    case 'DISPOSE':
      return { kind: 'DISPOSITION', roles: ['LIAISON'], divisions: 'DISPOSED' };
    case 'RECORD_FOLLOW_UP_RESULT':
      return e.status === 'FOLLOW_UP_COMPLETED' ? { kind: 'RESULTS_IN', roles: ['LIAISON'], divisions: null } : null;
    case 'COMPILE_FOLLOW_UP_REPORT':
      return { kind: 'TO_POST', roles: ['ADMIN'], divisions: null };
    case 'RECORD_FEEDBACK':
      // Satisfied: the Penghubung closes the file. Not satisfied: a new round for the same divisions.
      return { kind: 'COMPLAINANT_ANSWER', roles: ['LIAISON'], divisions: e.status === 'DISPOSED' ? 'DISPOSED' : null };
    default:
      return null;
  }
}

export function deadlineAudience(e: Pick<ComplaintDeadlineEvent, 'kind' | 'deadline'>, current: ComplaintStatus): Audience | null {
  // An automatic closure is the normal end of an unanswered response: nobody has to act.
  if (e.kind === 'AUTO_CLOSED') return null;
  const holder = HOLDER[current];
  if (e.kind === 'ESCALATED_TO_OMBUDSMAN') {
    const roles = new Set<Role>(['HEAD', ...(holder?.roles ?? [])]);
    return { kind: 'OMBUDSMAN', roles: [...roles], divisions: holder?.divisions ?? null };
  }
  if (!holder) return null;
  // A tunda past its maximum length (the clock stays stopped): whoever holds the step resumes it.
  if (e.deadline === 'PAUSE') return { kind: 'PAUSE_TOO_LONG', ...holder };
  return { kind: e.kind === 'WARNING' ? 'DEADLINE_WARNING' : 'DEADLINE_OVERDUE', ...holder };
}
