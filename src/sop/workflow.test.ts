import { describe, expect, it } from 'vitest';
import { render } from '../i18n/messages.js';
import {
  COMPLAINT_STATUSES,
  ROLES,
  SOP_STEP,
  TRANSITIONS,
  WORKFLOW_ACTIONS,
  allowedActions,
  availableActions,
  isOpen,
  rolesFor,
  transition,
  type ActorRole,
  type ComplaintStatus,
  type TransitionContext,
  type WorkflowAction,
} from './workflow.js';

const STATUSES: (ComplaintStatus | null)[] = [null, ...COMPLAINT_STATUSES];
const ACTORS: ActorRole[] = [...ROLES, 'SYSTEM', 'SERVICE'];

/**
 * Written by hand from the SOP brief, NOT derived from TRANSITIONS, so a typo in the
 * table shows up as a failure here. Key: `${status} ${action}`; any pair missing is illegal.
 * `to` is the result under the passing context from passingCtx() below.
 */
const EXPECTED: Record<string, { roles: ActorRole[]; to: ComplaintStatus }> = {
  'null RECEIVE': { roles: ['ADMIN', 'COORDINATOR', 'SERVICE'], to: 'RECEIVED' },
  'RECEIVED REGISTER': { roles: ['ADMIN'], to: 'REGISTERED' },
  'RECEIVED RETURN': { roles: ['ADMIN'], to: 'RETURNED' },
  'RECEIVED ARCHIVE': { roles: ['ADMIN'], to: 'ARCHIVED' },
  'REGISTERED DISPOSE': { roles: ['HEAD'], to: 'DISPOSED' },
  'REGISTERED RETURN': { roles: ['ADMIN'], to: 'RETURNED' },
  'REGISTERED ARCHIVE': { roles: ['ADMIN'], to: 'ARCHIVED' },
  'DISPOSED FORMULATE_FOLLOW_UP': { roles: ['LIAISON'], to: 'IN_FOLLOW_UP' },
  'IN_FOLLOW_UP RECORD_FOLLOW_UP_RESULT': { roles: ['DIVISION'], to: 'FOLLOW_UP_COMPLETED' },
  'FOLLOW_UP_COMPLETED COMPILE_FOLLOW_UP_REPORT': { roles: ['LIAISON'], to: 'REPORT_COMPILED' },
  'REPORT_COMPILED DELIVER_RESPONSE': { roles: ['ADMIN'], to: 'RESPONSE_DELIVERED' },
  'RESPONSE_DELIVERED RECORD_FEEDBACK': { roles: ['ADMIN'], to: 'CLOSED' },
  'RESPONSE_DELIVERED AUTO_CLOSE': { roles: ['SYSTEM'], to: 'CLOSED' },
  'RETURNED DISPATCH': { roles: ['COORDINATOR'], to: 'RECEIVED' },
  'ARCHIVED RESTORE': { roles: ['HEAD'], to: 'REGISTERED' },
  // Tunda, extension and reclassification keep the status; only while the first response is owed.
  'RECEIVED PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'RECEIVED' },
  'RECEIVED RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'RECEIVED' },
  'RECEIVED EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'RECEIVED' },
  'RECEIVED RECLASSIFY': { roles: ['HEAD'], to: 'RECEIVED' },
  'REGISTERED PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'REGISTERED' },
  'REGISTERED RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'REGISTERED' },
  'REGISTERED EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'REGISTERED' },
  'REGISTERED RECLASSIFY': { roles: ['HEAD'], to: 'REGISTERED' },
  'DISPOSED PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'DISPOSED' },
  'DISPOSED RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'DISPOSED' },
  'DISPOSED EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'DISPOSED' },
  'DISPOSED RECLASSIFY': { roles: ['HEAD'], to: 'DISPOSED' },
  'IN_FOLLOW_UP PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'IN_FOLLOW_UP' },
  'IN_FOLLOW_UP RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'IN_FOLLOW_UP' },
  'IN_FOLLOW_UP EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'IN_FOLLOW_UP' },
  'IN_FOLLOW_UP RECLASSIFY': { roles: ['HEAD'], to: 'IN_FOLLOW_UP' },
  'FOLLOW_UP_COMPLETED PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'FOLLOW_UP_COMPLETED' },
  'FOLLOW_UP_COMPLETED RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'FOLLOW_UP_COMPLETED' },
  'FOLLOW_UP_COMPLETED EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'FOLLOW_UP_COMPLETED' },
  'FOLLOW_UP_COMPLETED RECLASSIFY': { roles: ['HEAD'], to: 'FOLLOW_UP_COMPLETED' },
  'REPORT_COMPILED PAUSE': { roles: ['ADMIN', 'LIAISON'], to: 'REPORT_COMPILED' },
  'REPORT_COMPILED RESUME': { roles: ['ADMIN', 'LIAISON'], to: 'REPORT_COMPILED' },
  'REPORT_COMPILED EXTEND_FOLLOW_UP': { roles: ['HEAD'], to: 'REPORT_COMPILED' },
  'REPORT_COMPILED RECLASSIFY': { roles: ['HEAD'], to: 'REPORT_COMPILED' },
};

/** Also by hand: what ILLEGAL_TRANSITION must list for each status, in WORKFLOW_ACTIONS order. */
const ALLOWED_FROM: Record<string, WorkflowAction[]> = {
  null: ['RECEIVE'],
  RECEIVED: ['REGISTER', 'RETURN', 'ARCHIVE', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  REGISTERED: ['DISPOSE', 'RETURN', 'ARCHIVE', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  DISPOSED: ['FORMULATE_FOLLOW_UP', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  IN_FOLLOW_UP: ['RECORD_FOLLOW_UP_RESULT', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  FOLLOW_UP_COMPLETED: ['COMPILE_FOLLOW_UP_REPORT', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  REPORT_COMPILED: ['DELIVER_RESPONSE', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY'],
  RESPONSE_DELIVERED: ['RECORD_FEEDBACK', 'AUTO_CLOSE'],
  CLOSED: [],
  RETURNED: ['DISPATCH'],
  ARCHIVED: ['RESTORE'],
};

/** A context under which every guard of `action` passes (single division "A"). */
function passingCtx(action: WorkflowAction): TransitionContext {
  const base: TransitionContext = { round: 1 };
  switch (action) {
    case 'DISPOSE':
      return { ...base, disposedDivisionIds: ['A'] };
    case 'FORMULATE_FOLLOW_UP':
      return { ...base, disposedDivisionIds: ['A'], formulatedDivisionIds: [], divisionId: 'A' };
    case 'RECORD_FOLLOW_UP_RESULT':
      return { ...base, disposedDivisionIds: ['A'], formulatedDivisionIds: ['A'], reportedDivisionIds: [], divisionId: 'A' };
    case 'RECORD_FEEDBACK':
      return { ...base, satisfied: true };
    case 'RETURN':
    case 'ARCHIVE':
      return { ...base, reason: 'duplicate of LAPOR-123' };
    case 'RESTORE':
      return { ...base, statusBeforeArchive: 'REGISTERED' };
    case 'RESUME':
      return { ...base, paused: true };
    default:
      return base;
  }
}

describe('state machine, exhaustive: every status × action × role', () => {
  for (const status of STATUSES) {
    for (const action of WORKFLOW_ACTIONS) {
      const expected = EXPECTED[`${status} ${action}`];
      for (const role of ACTORS) {
        it(`${status} / ${action} / ${role}`, () => {
          const outcome = transition(status, action, role, passingCtx(action));
          if (!expected) {
            expect(outcome).toMatchObject({
              ok: false,
              error: { kind: 'ILLEGAL_TRANSITION', status, action, allowedActions: ALLOWED_FROM[String(status)] },
            });
          } else if (!expected.roles.includes(role)) {
            expect(outcome).toMatchObject({ ok: false, error: { kind: 'ROLE_NOT_ALLOWED', action, role } });
            if (!outcome.ok && outcome.error.kind === 'ROLE_NOT_ALLOWED') {
              expect([...outcome.error.allowedRoles].sort()).toEqual([...expected.roles].sort());
            }
          } else {
            expect(outcome).toEqual({ ok: true, to: expected.to, round: 1 });
          }
        });
      }
    }
  }

  it('allowedActions (with and without role) and rolesFor agree with the hand-written table', () => {
    for (const status of STATUSES) {
      expect(allowedActions(status)).toEqual(ALLOWED_FROM[String(status)]);
      for (const role of ACTORS) {
        const mine = ALLOWED_FROM[String(status)]!.filter((a) => EXPECTED[`${status} ${a}`]!.roles.includes(role));
        expect(allowedActions(status, role)).toEqual(mine);
      }
    }
    for (const [key, { roles }] of Object.entries(EXPECTED)) {
      const action = key.split(' ')[1] as WorkflowAction;
      expect([...rolesFor(action)].sort()).toEqual([...roles].sort());
    }
    expect(allowedActions('REGISTERED', 'AUDITOR')).toEqual([]);
  });

  it('TRANSITIONS covers each action exactly once and lists every target a guard can produce', () => {
    expect(TRANSITIONS.map((t) => t.action)).toEqual([...WORKFLOW_ACTIONS]);
    expect(TRANSITIONS.find((t) => t.action === 'FORMULATE_FOLLOW_UP')!.to).toEqual(expect.arrayContaining(['DISPOSED', 'IN_FOLLOW_UP']));
    expect(TRANSITIONS.find((t) => t.action === 'RECORD_FOLLOW_UP_RESULT')!.to).toEqual(
      expect.arrayContaining(['IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED']),
    );
    expect(TRANSITIONS.find((t) => t.action === 'RECORD_FEEDBACK')!.to).toEqual(expect.arrayContaining(['CLOSED', 'DISPOSED']));
  });
});

describe('messages', () => {
  it('names the current status and what is allowed now', () => {
    const outcome = transition('RECEIVED', 'DISPOSE', 'HEAD', { round: 1, disposedDivisionIds: ['A'] });
    expect(outcome.ok || outcome.error.message).toBe(
      'Cannot dispose a report: the report is Received; allowed now: register a report in the register book, return a report (not our authority), archive a report, pause a report (tunda), resume a paused report, extend the follow-up deadline, reclassify a report',
    );
    expect(outcome.ok || render('id', outcome.error.text)).toBe(
      'Tidak dapat mendisposisikan laporan: status laporan Diterima; yang dapat dilakukan sekarang: mencatat laporan di buku register, mengembalikan laporan (bukan wewenang), mengarsipkan laporan, menunda laporan (tunda), melanjutkan laporan yang ditunda, memperpanjang batas waktu tindak lanjut, mengubah klasifikasi laporan',
    );
    const closed = transition('CLOSED', 'RECORD_FEEDBACK', 'ADMIN', { round: 1, satisfied: true });
    expect(closed.ok || closed.error.message).toBe('Cannot record the complainant’s feedback: the report is Closed; allowed now: none');
    const none = transition(null, 'REGISTER', 'ADMIN', { round: 1 });
    expect(none.ok || none.error.message).toBe(
      'Cannot register a report in the register book: the report has not been received yet; allowed now: receive a report',
    );
  });

  it('names the role that tried and the roles that may (the SOP’s titles, both languages)', () => {
    const outcome = transition('REGISTERED', 'DISPOSE', 'LIAISON', { round: 1, disposedDivisionIds: ['A'] });
    expect(outcome.ok || outcome.error.message).toBe(
      'Only the Head of agency (Kepala Dinas) may dispose a report (SOP step 3); your role: Liaison officer (Penghubung)',
    );
    expect(outcome.ok || render('id', outcome.error.text)).toBe(
      'Hanya Kepala Dinas yang dapat mendisposisikan laporan (langkah 3 SOP); peran Anda: Penghubung (Sekretaris)',
    );
  });

  it('checks status before role, and role before guards', () => {
    // Wrong status and wrong role and failing guard: status wins.
    expect(transition('CLOSED', 'RETURN', 'AUDITOR', { round: 1 })).toMatchObject({
      error: { kind: 'ILLEGAL_TRANSITION' },
    });
    // Right status, wrong role, failing guard (no reason): role wins.
    expect(transition('RECEIVED', 'RETURN', 'HEAD', { round: 1 })).toMatchObject({
      error: { kind: 'ROLE_NOT_ALLOWED' },
    });
  });
});

describe('guards', () => {
  const disposed = ['A', 'B'];
  const guardFailed = (outcome: ReturnType<typeof transition>) => {
    expect(outcome.ok).toBe(false);
    if (outcome.ok) throw new Error('unreachable');
    expect(outcome.error.kind).toBe('GUARD_FAILED');
    return outcome.error.message;
  };

  it('DISPOSE needs at least one division', () => {
    guardFailed(transition('REGISTERED', 'DISPOSE', 'HEAD', { round: 1 }));
    guardFailed(transition('REGISTERED', 'DISPOSE', 'HEAD', { round: 1, disposedDivisionIds: [] }));
  });

  it('FORMULATE_FOLLOW_UP rejects a division the complaint was not disposed to', () => {
    const msg = guardFailed(
      transition('DISPOSED', 'FORMULATE_FOLLOW_UP', 'LIAISON', { round: 1, disposedDivisionIds: disposed, divisionId: 'C' }),
    );
    expect(msg).toContain('division C');
  });

  it('FORMULATE_FOLLOW_UP rejects a missing division', () => {
    guardFailed(transition('DISPOSED', 'FORMULATE_FOLLOW_UP', 'LIAISON', { round: 1, disposedDivisionIds: disposed }));
  });

  it('FORMULATE_FOLLOW_UP rejects formulating twice in a round', () => {
    const msg = guardFailed(
      transition('DISPOSED', 'FORMULATE_FOLLOW_UP', 'LIAISON', {
        round: 2,
        disposedDivisionIds: disposed,
        formulatedDivisionIds: ['A'],
        divisionId: 'A',
      }),
    );
    expect(msg).toContain('round 2');
  });

  it('FORMULATE_FOLLOW_UP stays DISPOSED until the last division, then IN_FOLLOW_UP', () => {
    expect(
      transition('DISPOSED', 'FORMULATE_FOLLOW_UP', 'LIAISON', {
        round: 1,
        disposedDivisionIds: disposed,
        formulatedDivisionIds: [],
        divisionId: 'B',
      }),
    ).toEqual({ ok: true, to: 'DISPOSED', round: 1 });
    expect(
      transition('DISPOSED', 'FORMULATE_FOLLOW_UP', 'LIAISON', {
        round: 1,
        disposedDivisionIds: disposed,
        formulatedDivisionIds: ['B'],
        divisionId: 'A',
      }),
    ).toEqual({ ok: true, to: 'IN_FOLLOW_UP', round: 1 });
  });

  it('RECORD_FOLLOW_UP_RESULT rejects a division not disposed, without formulation, or reporting twice', () => {
    const base = { round: 1, disposedDivisionIds: disposed };
    guardFailed(
      transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...base, formulatedDivisionIds: disposed, divisionId: 'C' }),
    );
    guardFailed(transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...base, formulatedDivisionIds: disposed }));
    const noFormulation = guardFailed(
      transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...base, formulatedDivisionIds: ['B'], divisionId: 'A' }),
    );
    expect(noFormulation).toContain('no formulated follow-up');
    const twice = guardFailed(
      transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', {
        ...base,
        formulatedDivisionIds: disposed,
        reportedDivisionIds: ['A'],
        divisionId: 'A',
      }),
    );
    expect(twice).toContain('already recorded');
  });

  it('RECORD_FOLLOW_UP_RESULT stays IN_FOLLOW_UP until the last division, then FOLLOW_UP_COMPLETED', () => {
    const base = { round: 1, disposedDivisionIds: disposed, formulatedDivisionIds: disposed };
    expect(
      transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...base, reportedDivisionIds: [], divisionId: 'A' }),
    ).toEqual({ ok: true, to: 'IN_FOLLOW_UP', round: 1 });
    expect(
      transition('IN_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...base, reportedDivisionIds: ['A'], divisionId: 'B' }),
    ).toEqual({ ok: true, to: 'FOLLOW_UP_COMPLETED', round: 1 });
  });

  it('RECORD_FEEDBACK: not satisfied goes back to DISPOSED in the next round; satisfied closes; missing is refused', () => {
    expect(transition('RESPONSE_DELIVERED', 'RECORD_FEEDBACK', 'ADMIN', { round: 1, satisfied: false })).toEqual({
      ok: true,
      to: 'DISPOSED',
      round: 2,
    });
    expect(transition('RESPONSE_DELIVERED', 'RECORD_FEEDBACK', 'ADMIN', { round: 3, satisfied: true })).toEqual({
      ok: true,
      to: 'CLOSED',
      round: 3,
    });
    guardFailed(transition('RESPONSE_DELIVERED', 'RECORD_FEEDBACK', 'ADMIN', { round: 1 }));
  });

  it('RETURN and ARCHIVE need a non-empty reason', () => {
    for (const action of ['RETURN', 'ARCHIVE'] as const) {
      for (const reason of [undefined, '', '   ']) {
        expect(guardFailed(transition('RECEIVED', action, 'ADMIN', { round: 1, reason }))).toContain('reason');
      }
    }
  });

  it('RESTORE goes back to the status before archiving, and needs a sensible one', () => {
    expect(transition('ARCHIVED', 'RESTORE', 'HEAD', { round: 1, statusBeforeArchive: 'RECEIVED' })).toEqual({
      ok: true,
      to: 'RECEIVED',
      round: 1,
    });
    expect(transition('ARCHIVED', 'RESTORE', 'HEAD', { round: 1, statusBeforeArchive: 'REGISTERED' })).toEqual({
      ok: true,
      to: 'REGISTERED',
      round: 1,
    });
    for (const statusBeforeArchive of [undefined, null, 'ARCHIVED', 'CLOSED'] as const) {
      guardFailed(transition('ARCHIVED', 'RESTORE', 'HEAD', { round: 1, statusBeforeArchive }));
    }
  });

  it('refuses a round that is not a whole number from 1', () => {
    for (const round of [0, -1, 1.5, Number.NaN]) {
      guardFailed(transition('RECEIVED', 'REGISTER', 'ADMIN', { round }));
    }
  });
});

describe('helpers', () => {
  it('isOpen: everything except CLOSED, ARCHIVED, RETURNED (and not-yet-received)', () => {
    const open = COMPLAINT_STATUSES.filter(isOpen);
    expect(open).toEqual([
      'RECEIVED',
      'REGISTERED',
      'DISPOSED',
      'IN_FOLLOW_UP',
      'FOLLOW_UP_COMPLETED',
      'REPORT_COMPILED',
      'RESPONSE_DELIVERED',
    ]);
    expect(isOpen(null)).toBe(false);
  });

  it('SOP_STEP maps the seven steps', () => {
    expect(SOP_STEP).toEqual({
      RECEIVE: 1,
      REGISTER: 2,
      DISPOSE: 3,
      FORMULATE_FOLLOW_UP: 4,
      RECORD_FOLLOW_UP_RESULT: 5,
      COMPILE_FOLLOW_UP_REPORT: 6,
      DELIVER_RESPONSE: 7,
      RECORD_FEEDBACK: null,
      AUTO_CLOSE: null,
      RETURN: null,
      DISPATCH: null,
      ARCHIVE: null,
      RESTORE: null,
      PAUSE: null,
      RESUME: null,
      EXTEND_FOLLOW_UP: null,
      RECLASSIFY: null,
    });
  });
});

describe('tunda and extension guards', () => {
  it('availableActions drops PAUSE when paused, RESUME when not, a second extension in the round', () => {
    expect(availableActions('DISPOSED', 'LIAISON', { round: 1, paused: false, extendedRound: null })).toEqual([
      'FORMULATE_FOLLOW_UP',
      'PAUSE',
    ]);
    expect(availableActions('DISPOSED', 'LIAISON', { round: 1, paused: true, extendedRound: null })).toEqual([
      'FORMULATE_FOLLOW_UP',
      'RESUME',
    ]);
    expect(availableActions('DISPOSED', 'HEAD', { round: 1, paused: false, extendedRound: 1 })).toEqual(['RECLASSIFY']);
    expect(availableActions('DISPOSED', 'HEAD', { round: 2, paused: false, extendedRound: 1 })).toEqual(['EXTEND_FOLLOW_UP', 'RECLASSIFY']);
  });

  const guardFailed = (outcome: ReturnType<typeof transition>) =>
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'GUARD_FAILED' } });
  it('PAUSE refuses a paused complaint, RESUME one that is not paused; both keep the status', () => {
    expect(transition('DISPOSED', 'PAUSE', 'LIAISON', { round: 1 })).toEqual({ ok: true, to: 'DISPOSED', round: 1 });
    guardFailed(transition('DISPOSED', 'PAUSE', 'LIAISON', { round: 1, paused: true }));
    guardFailed(transition('DISPOSED', 'RESUME', 'ADMIN', { round: 1, paused: false }));
    expect(transition('IN_FOLLOW_UP', 'RESUME', 'ADMIN', { round: 1, paused: true })).toEqual({ ok: true, to: 'IN_FOLLOW_UP', round: 1 });
  });

  it('EXTEND_FOLLOW_UP once per round', () => {
    expect(transition('REGISTERED', 'EXTEND_FOLLOW_UP', 'HEAD', { round: 1, extendedRound: null })).toMatchObject({ ok: true });
    guardFailed(transition('REGISTERED', 'EXTEND_FOLLOW_UP', 'HEAD', { round: 1, extendedRound: 1 }));
    expect(transition('DISPOSED', 'EXTEND_FOLLOW_UP', 'HEAD', { round: 2, extendedRound: 1 })).toMatchObject({ ok: true, round: 2 });
  });

  it('a closed or answered report cannot be paused', () => {
    for (const status of ['CLOSED', 'RESPONSE_DELIVERED', 'ARCHIVED', 'RETURNED'] as const) {
      expect(transition(status, 'PAUSE', 'ADMIN', { round: 1 })).toMatchObject({ ok: false, error: { kind: 'ILLEGAL_TRANSITION' } });
    }
  });
});

describe('happy path through two rounds', () => {
  it('receives, disposes to two divisions, is not satisfied once, then closes', () => {
    const divisions = ['budaya', 'pariwisata'];
    let status: ComplaintStatus | null = null;
    let round = 1;
    const step = (action: WorkflowAction, role: ActorRole, ctx: Omit<TransitionContext, 'round'> = {}) => {
      const outcome = transition(status, action, role, { round, disposedDivisionIds: divisions, ...ctx });
      if (!outcome.ok) throw new Error(outcome.error.message);
      status = outcome.to;
      round = outcome.round;
      return status;
    };

    expect(step('RECEIVE', 'COORDINATOR')).toBe('RECEIVED');
    expect(step('REGISTER', 'ADMIN')).toBe('REGISTERED');
    expect(step('DISPOSE', 'HEAD')).toBe('DISPOSED');

    for (const expectedRound of [1, 2]) {
      expect(round).toBe(expectedRound);
      expect(step('FORMULATE_FOLLOW_UP', 'LIAISON', { formulatedDivisionIds: [], divisionId: 'budaya' })).toBe('DISPOSED');
      expect(step('FORMULATE_FOLLOW_UP', 'LIAISON', { formulatedDivisionIds: ['budaya'], divisionId: 'pariwisata' })).toBe('IN_FOLLOW_UP');
      const formulated = { formulatedDivisionIds: divisions };
      expect(step('RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...formulated, reportedDivisionIds: [], divisionId: 'pariwisata' })).toBe(
        'IN_FOLLOW_UP',
      );
      expect(
        step('RECORD_FOLLOW_UP_RESULT', 'DIVISION', { ...formulated, reportedDivisionIds: ['pariwisata'], divisionId: 'budaya' }),
      ).toBe('FOLLOW_UP_COMPLETED');
      expect(step('COMPILE_FOLLOW_UP_REPORT', 'LIAISON')).toBe('REPORT_COMPILED');
      expect(step('DELIVER_RESPONSE', 'ADMIN')).toBe('RESPONSE_DELIVERED');
      if (expectedRound === 1) {
        expect(step('RECORD_FEEDBACK', 'ADMIN', { satisfied: false })).toBe('DISPOSED');
      }
    }

    expect(round).toBe(2);
    expect(step('RECORD_FEEDBACK', 'ADMIN', { satisfied: true })).toBe('CLOSED');
    expect(isOpen(status)).toBe(false);
    expect(allowedActions(status)).toEqual([]);
  });

  it('the deadline sweeper closes an unanswered response', () => {
    expect(transition('RESPONSE_DELIVERED', 'AUTO_CLOSE', 'SYSTEM', { round: 2 })).toEqual({
      ok: true,
      to: 'CLOSED',
      round: 2,
    });
  });

  it('a report outside the agency authority is returned and dispatched again', () => {
    const returned = transition('REGISTERED', 'RETURN', 'ADMIN', { round: 1, reason: 'bukan wewenang: Dinas PUPR' });
    expect(returned).toEqual({ ok: true, to: 'RETURNED', round: 1 });
    expect(isOpen('RETURNED')).toBe(false);
    expect(transition('RETURNED', 'DISPATCH', 'COORDINATOR', { round: 1 })).toEqual({
      ok: true,
      to: 'RECEIVED',
      round: 1,
    });
  });
});
