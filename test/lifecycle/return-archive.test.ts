// The LAPOR! admin actions outside the seven steps: "bukan wewenang" (return, then the regency team
// dispatches it to another agency) and archive (then the head restores it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { call, complaintAt, gid, loginStaff, step, uuidOf, type Auth, type Snapshot, type Staff } from './steps.js';

let t: TestApp;
let staff: Staff;
let dinkes: { id: string; admin: Auth };

beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  const agency = await t.db.prisma.agency.create({ data: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Kabupaten Demo' } });
  await t.db.prisma.user.create({
    data: {
      email: 'admin@dinkes.demo',
      name: 'Admin Dinkes',
      role: 'ADMIN',
      agencyId: agency.id,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
  });
  dinkes = { id: gid('Agency', agency.id), admin: { token: await t.login('admin@dinkes.demo') } };
});
afterAll(() => t?.close());

const VIEW = `query($id: ID!) { node(id: $id) { ... on Complaint { status version registerNumber agency { code } history { action fromStatus toStatus actorRole summary } } } }`;
// No Accept-Language: the history in the SOP's own wording (Indonesian).
const view = async (id: string, auth: Auth) => (await t.gql(VIEW, { id }, auth, { language: null })).data?.node;

describe('return (bukan wewenang) and dispatch to another agency', () => {
  it('goes back to the regency team, arrives at the other agency as received, and its old register number is never reused', async () => {
    let c = await complaintAt(t, staff, 'REGISTERED');
    const oldNumber = (await view(c.id, staff.admin)).registerNumber as string;
    expect(oldNumber).toMatch(/^\d{4}\/LAPOR\/DISPORBUDPAR\/\d{4}$/);
    const dueBefore = (await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } })).followUpDueAt!;

    c = await step(t, 'return', { id: c.id, v: c.version, reason: 'Kewenangan Dinas Kesehatan (puskesmas).' }, staff.admin);
    expect(c.status).toBe('RETURNED');
    // The agency still sees what it returned; the regency team sees it to dispatch it.
    expect((await view(c.id, staff.admin)).status).toBe('RETURNED');
    expect((await view(c.id, staff.coordinator)).status).toBe('RETURNED');

    t.clock.advance(7 * 86_400_000);
    // Tokens live 8 hours on the same clock: sign in again a week later.
    staff = await loginStaff(t);
    dinkes.admin = { token: await t.login('admin@dinkes.demo') };
    c = await step(t, 'dispatch', { id: c.id, v: c.version, agencyId: dinkes.id, note: 'Mohon ditangani Dinkes.' }, staff.coordinator);
    expect(c).toMatchObject({ status: 'RECEIVED', registerNumber: null });
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } });
    expect(row).toMatchObject({
      agencyId: uuidOf(dinkes.id),
      registerNumber: null,
      registerSeq: null,
      registerYear: null,
      registeredAt: null,
    });
    expect(row.dispatchedAt.toISOString()).toBe(t.clock.now().toISOString());
    expect(row.receivedAt.toISOString()).toBe(t.clock.now().toISOString());
    // The new agency's follow-up clock starts at its own receipt.
    expect(row.followUpDueAt!.getTime()).toBeGreaterThan(Math.max(dueBefore.getTime(), row.receivedAt.getTime()));

    // Now the other agency's: its admin sees and registers it with its own book's first number...
    c = await step(t, 'register', { id: c.id, v: c.version }, dinkes.admin);
    expect(c.registerNumber).toMatch(/^0001\/LAPOR\/DINKES\/\d{4}$/);
    // ...and the agency that returned it no longer sees it at all.
    expect(await view(c.id, staff.admin)).toBeNull();
    const gone = await call(t, 'archive', { id: c.id, v: c.version, reason: 'x' }, staff.admin);
    expect(gone.payload).toMatchObject({ code: 'NOT_FOUND' });

    // The returning agency's next registration gets the next number, not the returned one.
    const next = await complaintAt(t, staff, 'REGISTERED');
    const nextNumber = (await view(next.id, staff.admin)).registerNumber as string;
    expect(Number(nextNumber.slice(0, 4))).toBe(Number(oldNumber.slice(0, 4)) + 1);

    // The returning agency's register book keeps the transferred line: no gap in its numbers.
    // The test's clock has moved on since the first registration: cover both days.
    const around = (d: number) => new Date(t.clock.now().getTime() + d * 86_400_000).toISOString().slice(0, 10);
    const lines = (
      await t.gql(
        `query($from: Date!, $to: Date!) { registerBook(from: $from, to: $to) { entries { registerNumber transferred complaint { id } } } }`,
        { from: around(-30), to: around(1) },
        staff.admin,
      )
    ).data.registerBook.entries as { registerNumber: string; transferred: boolean; complaint: { id: string } | null }[];
    expect(lines).toContainEqual({ registerNumber: oldNumber, transferred: true, complaint: null });
    expect(lines).toContainEqual({ registerNumber: nextNumber, transferred: false, complaint: { id: next.id } });
    const seqs = lines.map((l) => Number(l.registerNumber.slice(0, 4)));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));

    const history = (await view(c.id, dinkes.admin)).history;
    expect(history.map((h: any) => [h.action, h.fromStatus, h.toStatus, h.actorRole])).toEqual([
      ['RECEIVE', null, 'RECEIVED', 'ADMIN'],
      ['REGISTER', 'RECEIVED', 'REGISTERED', 'ADMIN'],
      ['RETURN', 'REGISTERED', 'RETURNED', 'ADMIN'],
      ['DISPATCH', 'RETURNED', 'RECEIVED', 'COORDINATOR'],
      ['REGISTER', 'RECEIVED', 'REGISTERED', 'ADMIN'],
    ]);
    expect(history[2].summary).toBe(
      'Dikembalikan ke Tim Administrator Kabupaten: bukan wewenang. Alasan: Kewenangan Dinas Kesehatan (puskesmas).',
    );
    expect(history[3].summary).toBe(
      `Didisposisikan ulang oleh Tim Administrator Kabupaten ke Dinas Kesehatan; nomor register lama ${oldNumber} (Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata) tidak dipakai lagi. Catatan: Mohon ditangani Dinkes.`,
    );
  });

  it('can be dispatched back to the same agency, and an unknown agency is NOT_FOUND with nothing written', async () => {
    let c: Snapshot = { ...(await receive(t, staff.admin)), round: 1 };
    c = await step(t, 'return', { id: c.id, v: c.version, reason: 'Salah kirim?' }, staff.admin);
    const unknown = await call(
      t,
      'dispatch',
      { id: c.id, v: c.version, agencyId: gid('Agency', '00000000-0000-4000-8000-000000000002') },
      staff.coordinator,
    );
    expect(unknown.payload).toMatchObject({ __typename: 'NotFoundError', entity: 'Agency' });
    expect((await view(c.id, staff.coordinator)).status).toBe('RETURNED');

    const home = await t.db.prisma.agency.findUniqueOrThrow({ where: { code: 'DISPORBUDPAR' } });
    c = await step(t, 'dispatch', { id: c.id, v: c.version, agencyId: gid('Agency', home.id) }, staff.coordinator);
    expect(c.status).toBe('RECEIVED');
    expect((await view(c.id, staff.admin)).history.at(-1).summary).toBe(
      'Didisposisikan ulang oleh Tim Administrator Kabupaten ke Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    );
  });
});

describe('archive and restore', () => {
  it.each(['RECEIVED', 'REGISTERED'] as const)('the head restores a report archived in %s to that status', async (from) => {
    let c = await complaintAt(t, staff, from);
    const number = (await view(c.id, staff.admin)).registerNumber;
    c = await step(t, 'archive', { id: c.id, v: c.version, reason: 'Duplikat dari laporan LAP-123.' }, staff.admin);
    expect(c.status).toBe('ARCHIVED');
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } })).statusBeforeArchive).toBe(from);

    c = await step(t, 'restore', { id: c.id, v: c.version, note: 'Ternyata bukan duplikat.' }, staff.head);
    expect(c).toMatchObject({ status: from, registerNumber: number });
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(c.id) } })).statusBeforeArchive).toBeNull();
    const history = (await view(c.id, staff.head)).history;
    expect(history.slice(-2).map((h: any) => [h.action, h.fromStatus, h.toStatus, h.actorRole, h.summary])).toEqual([
      ['ARCHIVE', from, 'ARCHIVED', 'ADMIN', 'Diarsipkan. Alasan: Duplikat dari laporan LAP-123.'],
      ['RESTORE', 'ARCHIVED', from, 'HEAD', `Dipulihkan dari arsip oleh Kepala Dinas ke status ${from}. Catatan: Ternyata bukan duplikat.`],
    ]);
  });
});
