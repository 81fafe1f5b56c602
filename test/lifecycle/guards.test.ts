// Every lifecycle mutation refuses, with a typed error and nothing written: the wrong role, a stale
// version, the wrong step, bad input, an unknown complaint. And 50 racing dispositions: one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msg, render } from '../../src/i18n/messages.js';
import { rolesFor } from '../../src/sop/workflow.js';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  call,
  complaintAt,
  complaintIn,
  divisionIds,
  gid,
  loginStaff,
  resultInput,
  step,
  uuidOf,
  type Op,
  type Start,
  type Staff,
} from './steps.js';

let t: TestApp;
let staff: Staff;
let div: Record<string, string>;
/** A division and an agency that are not the demo agency's. */
let foreignDivision: string;
let foreignAgency: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  div = await divisionIds(t);
  const other = await t.db.prisma.agency.create({
    data: {
      code: 'DINKES',
      name: 'Dinas Kesehatan',
      regency: 'Kabupaten Demo',
      divisions: { create: { code: 'YANKES', name: 'Bidang Pelayanan Kesehatan' } },
    },
    include: { divisions: true },
  });
  foreignAgency = gid('Agency', other.id);
  foreignDivision = gid('Division', other.divisions[0]!.id);
});
afterAll(() => t?.close());

/** Row counts of everything a lifecycle mutation can write, plus the complaint's own state. */
async function written(complaintGlobalId: string) {
  const p = t.db.prisma;
  const complaintId = uuidOf(complaintGlobalId);
  const [c, ...counts] = await Promise.all([
    p.complaint.findUniqueOrThrow({ where: { id: complaintId } }),
    p.complaintHistory.count(),
    p.disposition.count(),
    p.dispositionDivision.count(),
    p.followUpPlan.count(),
    p.followUpResult.count(),
    p.followUpReport.count(),
    p.response.count(),
    p.complainantFeedback.count(),
    p.attachment.count(),
  ]);
  return { status: c.status, version: c.version, round: c.round, agencyId: c.agencyId, registerNumber: c.registerNumber, counts };
}

const MISSING = gid('Complaint', '00000000-0000-4000-8000-000000000000');
const long = (n: number) => 'x'.repeat(n);

interface Case {
  op: Op;
  from: Start;
  by: keyof Staff;
  wrongRole: keyof Staff;
  illegalFrom: Start;
  /** Valid arguments besides id and v. */
  args: () => Record<string, unknown>;
  /** Bad arguments and the fields the INVALID_INPUT error must name. */
  bad: { args: () => Record<string, unknown>; fields: string[] }[];
  expectAfter: string;
}

const CASES: Case[] = [
  {
    op: 'dispose',
    from: 'REGISTERED',
    by: 'head',
    wrongRole: 'admin',
    illegalFrom: 'RECEIVED',
    args: () => ({ input: { divisionIds: [div.OLAHRAGA], instructions: ['PELAJARI'], note: 'Pelajari.' } }),
    bad: [
      { args: () => ({ input: { divisionIds: [], instructions: [], note: '  ' } }), fields: ['divisionIds', 'instructions', 'note'] },
      { args: () => ({ input: { divisionIds: [div.OLAHRAGA], instructions: ['PELAJARI'], note: long(2_001) } }), fields: ['note'] },
      {
        args: () => ({ input: { divisionIds: [div.OLAHRAGA, div.OLAHRAGA], instructions: ['PELAJARI', 'PELAJARI'], note: 'x' } }),
        fields: ['divisionIds[1]', 'instructions[1]'],
      },
      {
        args: () => ({
          input: {
            divisionIds: [div.OLAHRAGA, foreignDivision, gid('Division', '00000000-0000-4000-8000-000000000001')],
            instructions: ['PELAJARI'],
            note: 'x',
          },
        }),
        fields: ['divisionIds[1]', 'divisionIds[2]'],
      },
    ],
    expectAfter: 'DISPOSED',
  },
  {
    op: 'formulate',
    from: 'DISPOSED',
    by: 'liaison',
    wrongRole: 'head',
    illegalFrom: 'REGISTERED',
    args: () => ({ divisionId: div.OLAHRAGA, plan: 'Cek kabel lampu.' }),
    bad: [
      { args: () => ({ divisionId: div.OLAHRAGA, plan: ' ' }), fields: ['plan'] },
      { args: () => ({ divisionId: div.OLAHRAGA, plan: long(5_001) }), fields: ['plan'] },
      { args: () => ({ divisionId: div.PARIWISATA, plan: 'Bukan bidangnya.' }), fields: ['divisionId'] },
      { args: () => ({ divisionId: foreignDivision, plan: 'Dinas lain.' }), fields: ['divisionId'] },
    ],
    expectAfter: 'IN_FOLLOW_UP',
  },
  {
    op: 'result',
    from: 'IN_FOLLOW_UP',
    by: 'olahraga',
    wrongRole: 'liaison',
    illegalFrom: 'DISPOSED',
    args: () => ({ input: resultInput('OLAHRAGA') }),
    bad: [
      { args: () => ({ input: resultInput('OLAHRAGA', { facts: '', solution: long(5_001) }) }), fields: ['facts', 'solution'] },
      {
        args: () => ({ input: resultInput('OLAHRAGA', { evidence: [{ name: 'a', mediaType: 'foto', size: -1, url: 'ftp://x' }] }) }),
        fields: ['evidence[0].mediaType', 'evidence[0].size', 'evidence[0].url'],
      },
    ],
    expectAfter: 'FOLLOW_UP_COMPLETED',
  },
  {
    op: 'compile',
    from: 'FOLLOW_UP_COMPLETED',
    by: 'liaison',
    wrongRole: 'admin',
    illegalFrom: 'IN_FOLLOW_UP',
    args: () => ({ text: 'Laporan hasil tindak lanjut.' }),
    bad: [
      { args: () => ({ text: '   ' }), fields: ['text'] },
      { args: () => ({ text: long(20_001) }), fields: ['text'] },
    ],
    expectAfter: 'REPORT_COMPILED',
  },
  {
    op: 'deliver',
    from: 'REPORT_COMPILED',
    by: 'admin',
    wrongRole: 'liaison',
    illegalFrom: 'FOLLOW_UP_COMPLETED',
    args: () => ({ input: { postedAt: t.clock.now().toISOString(), laporReference: 'REF-1' } }),
    bad: [
      { args: () => ({ input: { postedAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() } }), fields: ['postedAt'] },
      {
        args: () => ({ input: { postedAt: t.clock.now().toISOString(), postedText: ' ', laporReference: long(201) } }),
        fields: ['postedText', 'laporReference'],
      },
      // Posted a day before the report it posts was compiled.
      { args: () => ({ input: { postedAt: new Date(t.clock.now().getTime() - 86_400_000).toISOString() } }), fields: ['postedAt'] },
    ],
    expectAfter: 'RESPONSE_DELIVERED',
  },
  {
    op: 'feedback',
    from: 'RESPONSE_DELIVERED',
    by: 'admin',
    wrongRole: 'head',
    illegalFrom: 'REPORT_COMPILED',
    args: () => ({ satisfied: true, comment: 'Terima kasih.' }),
    bad: [{ args: () => ({ satisfied: false, comment: long(2_001) }), fields: ['comment'] }],
    expectAfter: 'CLOSED',
  },
  {
    op: 'return',
    from: 'REGISTERED',
    by: 'admin',
    wrongRole: 'coordinator',
    illegalFrom: 'DISPOSED',
    args: () => ({ reason: 'Kewenangan Dinas Kesehatan.' }),
    bad: [
      { args: () => ({ reason: '' }), fields: ['reason'] },
      { args: () => ({ reason: long(2_001) }), fields: ['reason'] },
    ],
    expectAfter: 'RETURNED',
  },
  {
    op: 'dispatch',
    from: 'RETURNED',
    by: 'coordinator',
    wrongRole: 'admin',
    illegalFrom: 'RECEIVED',
    args: () => ({ agencyId: foreignAgency, note: 'Kewenangan Dinas Kesehatan.' }),
    bad: [{ args: () => ({ agencyId: foreignAgency, note: long(2_001) }), fields: ['note'] }],
    expectAfter: 'RECEIVED',
  },
  {
    op: 'archive',
    from: 'RECEIVED',
    by: 'admin',
    wrongRole: 'liaison',
    illegalFrom: 'IN_FOLLOW_UP',
    args: () => ({ reason: 'Spam.' }),
    bad: [
      { args: () => ({ reason: ' \n ' }), fields: ['reason'] },
      { args: () => ({ reason: long(2_001) }), fields: ['reason'] },
    ],
    expectAfter: 'ARCHIVED',
  },
  {
    op: 'restore',
    from: 'ARCHIVED',
    by: 'head',
    wrongRole: 'admin',
    illegalFrom: 'REGISTERED',
    args: () => ({ note: 'Bukan duplikat.' }),
    bad: [
      { args: () => ({ note: '' }), fields: ['note'] },
      { args: () => ({ note: long(2_001) }), fields: ['note'] },
    ],
    expectAfter: 'REGISTERED',
  },
];

describe.each(CASES)('$op', (k) => {
  it(`refuses the wrong role, a stale version, bad input and an unknown complaint, writing nothing; then works for ${k.by}`, async () => {
    const c = await complaintIn(t, staff, k.from);
    const before = await written(c.id);
    const attempt = (auth: keyof Staff, vars: Record<string, unknown>) => call(t, k.op, { id: c.id, v: c.version, ...vars }, staff[auth]);

    // A typed ForbiddenError in the step's union (issue 18), naming the roles the workflow table assigns.
    const wrong = await attempt(k.wrongRole, k.args());
    expect(wrong.errors).toBeUndefined();
    expect(wrong.payload).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(wrong.payload.allowedRoles).toEqual(rolesFor(wrong.payload.action));
    expect(wrong.payload.allowedRoles).not.toContain(wrong.payload.yourRole);
    expect(await written(c.id)).toEqual(before);

    const stale = await attempt(k.by, { ...k.args(), v: c.version - 1 });
    expect(stale.payload).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      expectedVersion: c.version - 1,
      currentVersion: c.version,
    });

    for (const bad of k.bad) {
      const r = await attempt(k.by, bad.args());
      expect(r.payload, JSON.stringify(bad.fields)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT' });
      expect(r.payload.issues.map((i: { field: string }) => i.field).sort()).toEqual([...bad.fields].sort());
    }

    const missing = await call(t, k.op, { ...k.args(), id: MISSING, v: 1 }, staff[k.by]);
    expect(missing.payload).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', entity: 'Complaint' });
    expect(await written(c.id)).toEqual(before);

    const ok = await attempt(k.by, k.args());
    expect(ok.payload).toMatchObject({ __typename: 'Complaint', status: k.expectAfter, version: c.version + 1 });
  });

  it(`is an ILLEGAL_TRANSITION from ${k.illegalFrom}, naming the status and the actions allowed now`, async () => {
    const c = await complaintIn(t, staff, k.illegalFrom);
    const before = await written(c.id);
    const r = await call(t, k.op, { id: c.id, v: c.version, ...k.args() }, staff[k.by]);
    expect(r.payload).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', currentStatus: k.illegalFrom });
    expect(r.payload.allowedActions.length).toBeGreaterThan(0);
    expect(r.payload.message).toBe(
      render('en', msg('error.illegalTransition', { action: r.payload.action, status: k.illegalFrom, allowed: r.payload.allowedActions })),
    );
    expect(await written(c.id)).toEqual(before);
  });
});

describe('follow-up guards', () => {
  it('a division the complaint was not disposed to cannot see it: NOT_FOUND, nothing written', async () => {
    const c = await complaintAt(t, staff, 'IN_FOLLOW_UP');
    const before = await written(c.id);
    for (const outsider of ['pariwisata', 'kebudayaan'] as const) {
      const r = await call(t, 'result', { id: c.id, v: c.version, input: resultInput('X') }, staff[outsider]);
      expect(r.payload).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    expect(await written(c.id)).toEqual(before);
  });

  it('formulates once per division per round and takes one result per division per round', async () => {
    let c = await complaintAt(t, staff, 'DISPOSED', { twoDivisions: true });
    c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: div.OLAHRAGA, plan: 'Rencana' }, staff.liaison);
    let before = await written(c.id);
    const again = await call(t, 'formulate', { id: c.id, v: c.version, divisionId: div.OLAHRAGA, plan: 'Lagi' }, staff.liaison);
    expect(again.payload).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      currentStatus: 'DISPOSED',
      allowedActions: ['FORMULATE_FOLLOW_UP', 'PAUSE', 'RESUME'],
    });
    expect(again.payload.message).toMatch(/already has a formulated follow-up in round 1$/);
    expect(await written(c.id)).toEqual(before);

    c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: div.KEBUDAYAAN, plan: 'Rencana' }, staff.liaison);
    c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput('OLAHRAGA') }, staff.olahraga);
    before = await written(c.id);
    const twice = await call(t, 'result', { id: c.id, v: c.version, input: resultInput('OLAHRAGA') }, staff.olahraga);
    expect(twice.payload).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'IN_FOLLOW_UP' });
    expect(twice.payload.message).toMatch(/already recorded its result in round 1/);
    // Step 6 waits for the other division.
    const early = await call(t, 'compile', { id: c.id, v: c.version }, staff.liaison);
    expect(early.payload).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'IN_FOLLOW_UP' });
    expect(await written(c.id)).toEqual(before);
  });
  it('refuses to draft a report longer than the limit from the results, but takes the liaison’s own text', async () => {
    let c = await complaintAt(t, staff, 'IN_FOLLOW_UP', { twoDivisions: true });
    const full = { facts: long(5_000), actionTaken: long(5_000), solution: long(5_000), evidence: [] };
    c = await step(t, 'result', { id: c.id, v: c.version, input: full }, staff.olahraga);
    c = await step(t, 'result', { id: c.id, v: c.version, input: full }, staff.kebudayaan);
    const before = await written(c.id);
    const drafted = await call(t, 'compile', { id: c.id, v: c.version }, staff.liaison);
    expect(drafted.payload).toMatchObject({ code: 'INVALID_INPUT', issues: [{ field: 'text' }] });
    expect(await written(c.id)).toEqual(before);
    c = await step(t, 'compile', { id: c.id, v: c.version, text: 'Ringkasan hasil kedua bidang.' }, staff.liaison);
    expect(c.status).toBe('REPORT_COMPILED');
  });
});

describe('50 concurrent dispositions with the same expectedVersion', () => {
  it('exactly one succeeds, 49 get CONFLICT, and one disposition and one DISPOSE history row exist', async () => {
    const c = await complaintAt(t, staff, 'REGISTERED');
    const input = { divisionIds: [div.OLAHRAGA, div.KEBUDAYAAN], instructions: ['TINDAK_LANJUTI'], note: 'Balapan.' };
    const results = await Promise.all(Array.from({ length: 50 }, () => call(t, 'dispose', { id: c.id, v: c.version, input }, staff.head)));
    const kinds = results.map((r) => r.payload?.__typename ?? r.code);
    expect(kinds.filter((k) => k === 'Complaint')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ConflictError')).toHaveLength(49);
    const complaintId = uuidOf(c.id);
    expect(await t.db.prisma.complaintHistory.count({ where: { complaintId, action: 'DISPOSE' } })).toBe(1);
    expect(await t.db.prisma.disposition.count({ where: { complaintId } })).toBe(1);
    expect(await t.db.prisma.dispositionDivision.count({ where: { complaintId } })).toBe(2);
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: complaintId } })).version).toBe(c.version + 1);
  });
});
