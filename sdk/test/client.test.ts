// The SDK's read operations against the real service, with the API key scopes portals get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, paginate, type ComplaintStatusView } from '../src/index.js';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

let s: SdkTestApp;
beforeAll(async () => {
  s = await startSdkApp();
});
afterAll(() => s?.close());

describe('status lookup', () => {
  it('finds a forwarded report by tracking ID with a READ_STATUS key, without personal data', async () => {
    const input = reportInput();
    const received = await s.client({ apiKey: s.keys.forward }).receiveComplaint(input);
    // The forwarding portal reads back what it created: status level only.
    expect(received).toMatchObject({ trackingId: input.trackingId, status: 'RECEIVED', version: 1, round: 1 });
    expect(JSON.stringify(received)).not.toMatch(/Budi|0812|Lampu/);
    const { trackingId } = received;
    const status = await s.client({ apiKey: s.keys.status }).complaintStatus(trackingId);
    expect(status).toMatchObject({
      __typename: 'ComplaintStatusView',
      trackingId,
      status: 'RECEIVED',
      kind: 'LAPORAN',
      complaintClass: 'LAPORAN',
      paused: false,
      pauseNotice: null,
      round: 1,
      registeredAt: null,
      closedAt: null,
      agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    });
    expect(JSON.stringify(status)).not.toMatch(/Budi|0812/);
    expect(await s.client({ apiKey: s.keys.status }).complaintStatus('LAP-TIDAK-ADA')).toBeNull();
  });
});

describe('pages of complaints', () => {
  it('iterates 120 complaints in pages of 50 with a READ_COMPLAINTS key (3 requests, no repeats)', { timeout: 180_000 }, async () => {
    const admin = s.client({ token: s.adminToken });
    const created: string[] = [];
    // A few at a time: receiving is a transaction with a history row each.
    for (let i = 0; i < 120; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => admin.receiveComplaint(reportInput())));
      created.push(...batch.map((c) => c.trackingId));
    }
    const existing = await s.t.db.prisma.complaint.count();

    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const reader = s.client({ apiKey: s.keys.complaints, fetch: counting });
    const seen: ComplaintStatusView[] = [];
    for await (const c of reader.iterateComplaintStatuses({ pageSize: 50 })) seen.push(c);

    expect(seen).toHaveLength(existing);
    expect(requests).toBe(Math.ceil(existing / 50));
    const ids = seen.map((c) => c.trackingId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(created));
    // Newest first, as the API promises.
    const received = seen.map((c) => c.receivedAt);
    expect([...received].sort().reverse()).toEqual(received);

    // The generic helper over one page call gives the same walk.
    const again: string[] = [];
    for await (const c of paginate((after) => reader.complaintStatuses({ first: 50, after }))) again.push(c.trackingId);
    expect(again).toEqual(ids);
  });

  it('filters by status, and a READ_STATUS key may not list', async () => {
    const reader = s.client({ apiKey: s.keys.complaints });
    const page = await reader.complaintStatuses({ first: 5, filter: { status: ['REGISTERED'] } });
    expect(page.edges.every((e) => e.node.status === 'REGISTERED')).toBe(true);
    await expect(s.client({ apiKey: s.keys.status }).complaintStatuses({ first: 5 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('history summary and counts', () => {
  it('summarises what happened by role, never who', async () => {
    const { trackingId } = await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
    const summary = await s.client({ apiKey: s.keys.complaints }).historySummary(trackingId);
    expect(summary).toEqual([
      { action: 'RECEIVE', fromStatus: null, toStatus: 'RECEIVED', round: 1, at: expect.any(String), actorRole: 'SERVICE' },
    ]);
    expect(await s.client({ apiKey: s.keys.complaints }).historySummary('LAP-TIDAK-ADA')).toBeNull();
  });

  it('counts by status for the key’s agency', async () => {
    const counts = await s.client({ token: s.adminToken }).counts();
    const total = await s.t.db.prisma.complaint.count();
    expect(counts.total).toBe(total);
    expect(counts.byStatus.find((c) => c.status === 'RECEIVED')?.count).toBe(
      await s.t.db.prisma.complaint.count({ where: { status: 'RECEIVED' } }),
    );
    expect(counts.byStatus.reduce((n, c) => n + c.count, 0)).toBe(total);
  });
});
