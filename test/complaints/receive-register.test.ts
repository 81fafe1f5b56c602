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
    expect(twice.data.registerComplaint.message).toMatch(/Cannot REGISTER a complaint in status REGISTERED; allowed now: DISPOSE/);
  });

  it('is FORBIDDEN to the head and unknown to nobody: an unknown id is NOT_FOUND', async () => {
    const head = { token: await t.login('kepala@disporbudpar.demo') };
    const c = await receive(t, admin);
    const r = await t.gql(REGISTER, { id: c.id, v: c.version }, head);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await t.gql(
      REGISTER,
      { id: Buffer.from('Complaint:00000000-0000-0000-0000-000000000000').toString('base64'), v: 1 },
      admin,
    );
    expect(missing.data.registerComplaint.code).toBe('NOT_FOUND');
  });
});
