import { toLocalDateTime } from '../../src/calendar/local-time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { receive, receiveInput, RECEIVE, REGISTER } from './fixtures.js';

let t: TestApp;
let admin: { token: string };
beforeAll(async () => {
  t = await startTestApp();
  admin = { token: await t.login('admin@disporbudpar.demo') };
});
afterAll(() => t?.close());

describe('receiveComplaint (SOP step 1)', () => {
  it('receives a report, writes a RECEIVE history row, and rejects the same tracking ID again', async () => {
    const c = await receive(t, admin);
    expect(c.status).toBe('RECEIVED');
    const again = await t.gql(RECEIVE, { input: receiveInput({ trackingId: c.trackingId }) }, admin);
    expect(again.data.receiveComplaint).toMatchObject({
      __typename: 'DuplicateTrackingIdError',
      code: 'DUPLICATE_TRACKING_ID',
      existingComplaintId: c.id,
    });
    const rows = await t.db.prisma.complaintHistory.findMany({ where: { complaint: { trackingId: c.trackingId } } });
    expect(rows.map((r) => [r.action, r.toStatus, r.actorRole])).toEqual([['RECEIVE', 'RECEIVED', 'ADMIN']]);
  });

  it('rejects empty and oversized text with every issue at once and writes nothing', async () => {
    const before = await t.db.prisma.complaint.count();
    const r = await t.gql(RECEIVE, { input: receiveInput({ title: '  ', content: 'x'.repeat(20_001), trackingId: 'bad id!' }) }, admin);
    expect(r.data.receiveComplaint.code).toBe('INVALID_INPUT');
    expect(r.data.receiveComplaint.issues.map((i: any) => i.field).sort()).toEqual(['content', 'title', 'trackingId']);
    expect(await t.db.prisma.complaint.count()).toBe(before);
  });

  it('a wrong enum value is refused by the schema before anything runs', async () => {
    const r = await t.gql(RECEIVE, { input: receiveInput({ kind: 'KELUHAN' }) }, admin);
    expect(r.errors?.[0]?.message).toMatch(/KELUHAN/);
  });
});

describe('registerComplaint (SOP step 2)', () => {
  it('gives 20 concurrent registrations the numbers 1–20 with no gap or repeat', async () => {
    const fresh = await startTestApp();
    try {
      const token = { token: await fresh.login('admin@disporbudpar.demo') };
      const complaints = [];
      for (let i = 0; i < 20; i++) complaints.push(await receive(fresh, token));
      const results = await Promise.all(complaints.map((c) => fresh.gql(REGISTER, { id: c.id, v: c.version }, token)));
      const numbers = results.map((r) => r.data.registerComplaint.registerNumber as string);
      const year = new Date().getFullYear();
      expect(numbers.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `${String(i + 1).padStart(4, '0')}/LAPOR/DISPORBUDPAR/${year}`));
    } finally {
      await fresh.close();
    }
  });

  it('refuses a stale version with CONFLICT and an illegal step with the allowed actions', async () => {
    const c = await receive(t, admin);
    const ok = await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
    expect(ok.data.registerComplaint.status).toBe('REGISTERED');
    const stale = await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
    expect(stale.data.registerComplaint.code).toBe('CONFLICT');
    const twice = await t.gql(REGISTER, { id: c.id, v: ok.data.registerComplaint.version }, admin);
    expect(twice.data.registerComplaint).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(twice.data.registerComplaint).toMatchObject({ currentStatus: 'REGISTERED', action: 'REGISTER' });
    expect(twice.data.registerComplaint.allowedActions).toContain('DISPOSE');
    expect(twice.data.registerComplaint.message).toMatch(
      /^Cannot register a report in the register book: the report is Registered; allowed now: dispose a report/,
    );
    // The conflict says where the current version is.
    expect(stale.data.registerComplaint).toMatchObject({ expectedVersion: c.version, currentVersion: c.version + 1 });
    expect(stale.data.registerComplaint.message).toContain('complaint(id) { version }');
  });

  it('is a typed ForbiddenError for the head, naming the role the SOP assigns, in Indonesian by default', async () => {
    const head = { token: await t.login('kepala@disporbudpar.demo') };
    const c = await receive(t, admin);
    const en = await t.gql(REGISTER, { id: c.id, v: c.version }, head);
    expect(en.errors).toBeUndefined();
    expect(en.data.registerComplaint).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
      action: 'REGISTER',
      allowedRoles: ['ADMIN'],
      yourRole: 'HEAD',
      sopStep: 2,
      message:
        'Only the Agency administrator (Kasubbag Umum) may register a report in the register book (SOP step 2); your role: Head of agency (Kepala Dinas)',
    });
    const id = await t.gql(REGISTER, { id: c.id, v: c.version }, head, { language: null });
    expect(id.data.registerComplaint.message).toBe(
      'Hanya Administrator (Kasubbag Umum dan Kepegawaian) yang dapat mencatat laporan di buku register (langkah 2 SOP); peran Anda: Kepala Dinas',
    );
    const browser = await t.gql(REGISTER, { id: c.id, v: c.version }, head, { language: 'id-ID,id;q=0.9,en-US;q=0.8' });
    expect(browser.data.registerComplaint.message).toBe(id.data.registerComplaint.message);
    // Nothing was written.
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: c.trackingId } })).version).toBe(c.version);
  });

  it('keeps a top-level FORBIDDEN for a caller who is no staff member (an API key)', async () => {
    const c = await receive(t, admin);
    const key = await t.gql(
      `mutation { createApiKey(name: "portal", scopes: [FORWARD_COMPLAINTS]) { ... on CreatedApiKey { key } } }`,
      {},
      admin,
    );
    const r = await t.gql(REGISTER, { id: c.id, v: c.version }, { apiKey: key.data.createApiKey.key });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('takes the LAPOR! tracking ID instead of the global ID; an unknown one is NOT_FOUND, a malformed one INVALID_INPUT', async () => {
    const c = await receive(t, admin);
    const ok = await t.gql(REGISTER, { id: c.trackingId, v: c.version }, admin);
    expect(ok.data.registerComplaint).toMatchObject({ __typename: 'Complaint', id: c.id, status: 'REGISTERED' });

    const unknown = await t.gql(REGISTER, { id: 'LAP-TIDAK-ADA-1', v: 1 }, admin);
    expect(unknown.data.registerComplaint).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      entity: 'Complaint',
      requestedId: 'LAP-TIDAK-ADA-1',
    });
    const missing = Buffer.from('Complaint:00000000-0000-0000-0000-000000000000').toString('base64');
    const gone = await t.gql(REGISTER, { id: missing, v: 1 }, admin, { language: null });
    expect(gone.data.registerComplaint).toMatchObject({ code: 'NOT_FOUND', requestedId: missing });
    expect(gone.data.registerComplaint.message).toBe(`Laporan ${missing} tidak ditemukan`);

    for (const bad of ['LAP 1#2', Buffer.from(`Division:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`).toString('base64'), '']) {
      const r = await t.gql(REGISTER, { id: bad, v: 1 }, admin);
      expect(r.data.registerComplaint, bad).toMatchObject({
        __typename: 'InvalidInputError',
        code: 'INVALID_INPUT',
        issues: [{ field: 'id' }],
      });
    }
  });

  it('does not tell a wrong role whether a tracking ID exists', async () => {
    const head = { token: await t.login('kepala@disporbudpar.demo') };
    const c = await receive(t, admin);
    const known = await t.gql(REGISTER, { id: c.trackingId, v: c.version }, head);
    const unknown = await t.gql(REGISTER, { id: 'LAP-TIDAK-ADA-2', v: 1 }, head);
    expect(known.data.registerComplaint.__typename).toBe('ForbiddenError');
    expect(unknown.data.registerComplaint).toEqual(known.data.registerComplaint);
  });

  it('gives the history in the reader’s language: Indonesian without Accept-Language, English when asked', async () => {
    const c = await receive(t, admin);
    const registered = await t.gql(REGISTER, { id: c.trackingId, v: c.version }, admin);
    const number = registered.data.registerComplaint.registerNumber;
    const HISTORY = `query($id: ID!) { complaint(id: $id) { history { action summary } } }`;
    const id = await t.gql(HISTORY, { id: c.id }, admin, { language: null });
    const en = await t.gql(HISTORY, { id: c.id }, admin, { language: 'en-GB,en;q=0.9' });
    expect(id.data.complaint.history).toEqual([
      { action: 'RECEIVE', summary: `Laporan diterima dari LAPOR! (${c.trackingId})` },
      { action: 'REGISTER', summary: `Dicatat di Buku Inventarisasi dengan nomor ${number}` },
    ]);
    expect(en.data.complaint.history).toEqual([
      { action: 'RECEIVE', summary: `Report received from LAPOR! (${c.trackingId})` },
      { action: 'REGISTER', summary: `Registered in the register book as number ${number}` },
    ]);
    // A row written before English was stored reads in Indonesian for everyone.
    await t.db.prisma.$executeRawUnsafe('ALTER TABLE "ComplaintHistory" DISABLE TRIGGER USER');
    await t.db.prisma.complaintHistory.updateMany({
      where: { action: 'RECEIVE', summary: { contains: c.trackingId } },
      data: { summaryEn: null },
    });
    await t.db.prisma.$executeRawUnsafe('ALTER TABLE "ComplaintHistory" ENABLE TRIGGER USER');
    const old = await t.gql(HISTORY, { id: c.id }, admin, { language: 'en' });
    expect(old.data.complaint.history[0].summary).toBe(`Laporan diterima dari LAPOR! (${c.trackingId})`);
  });

  it('gives key dates and deadlines in the agency’s local time as well (WIB for the demo agency)', async () => {
    const c = await receive(t, admin);
    const LOCAL = `{ dateTime date time utcOffset zone timeZone text }`;
    const r = await t.gql(
      `query($id: ID!) { complaint(id: $id) {
        receivedAt receivedAtLocal ${LOCAL} registeredAtLocal ${LOCAL}
        history { at atLocal ${LOCAL} }
        deadlines { followUp { dueAt dueAtLocal ${LOCAL} } ombudsman { dueAt dueAtLocal ${LOCAL} } autoClose { dueAtLocal ${LOCAL} } } } }`,
      { id: c.id },
      admin,
    );
    const k = r.data.complaint;
    expect(k.registeredAtLocal).toBeNull();
    expect(k.receivedAtLocal).toEqual(toLocalDateTime(new Date(k.receivedAt), 'Asia/Jakarta'));
    expect(k.history[0].atLocal).toEqual(toLocalDateTime(new Date(k.history[0].at), 'Asia/Jakarta'));
    for (const clock of [k.deadlines.followUp, k.deadlines.ombudsman]) {
      expect(clock.dueAtLocal).toEqual(toLocalDateTime(new Date(clock.dueAt), 'Asia/Jakarta'));
      // Deadlines end at local midnight: 00:00 WIB, the same instant as the UTC value.
      expect(clock.dueAtLocal).toMatchObject({ time: '00:00', utcOffset: '+07:00', zone: 'WIB' });
      expect(new Date(clock.dueAtLocal.dateTime).toISOString()).toBe(new Date(clock.dueAt).toISOString());
    }
  });
});
