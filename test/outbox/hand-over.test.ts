// Every SOP hand-over reaches the right people and nobody else: a local webhook receiver verifies
// the Standard Webhooks signature of every event, a local SMTP server collects the e-mails.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { mailText, startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/receivers.js';
import { until } from '../realtime/live.js';
import { divisionIds, loginStaff, resultInput, step, type Staff } from '../lifecycle/steps.js';
import { receive } from '../complaints/fixtures.js';

const CREATE = `mutation($url: String!, $types: [WebhookEventType!]!, $agencyId: ID) {
  createWebhookEndpoint(url: $url, eventTypes: $types, agencyId: $agencyId) {
    __typename
    ... on WebhookEndpointWithSecret { secret endpoint { id active } }
    ... on InvalidInputError { issues { field message } }
    ... on Error { code message }
  }
}`;

let t: TestApp;
let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let staff: Staff;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  t = await startTestApp({
    env: {
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      CONSOLE_URL: 'https://tuntas.example.go.id/console',
      OUTBOX_POLL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '1000',
    },
  });
  staff = await loginStaff(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hook?.close();
});

/** Waits until the outbox is drained, then returns the mails that arrived since `from` (by recipient). */
async function mailsSince(from: number): Promise<Record<string, string[]>> {
  await t.app.outbox.runOnce();
  await until('outbox drained', async () => {
    const [events, mails] = await Promise.all([
      t.db.prisma.outboxEvent.count({ where: { fannedOutAt: null } }),
      t.db.prisma.emailNotification.count({ where: { status: 'PENDING', digest: false } }),
    ]);
    return events === 0 && mails === 0;
  });
  const out: Record<string, string[]> = {};
  for (const m of smtp.mails.slice(from)) {
    for (const to of m.to) out[to] = [...(out[to] ?? []), m.subject];
  }
  return out;
}

describe('webhooks and e-mail from the outbox', () => {
  it('every hand-over e-mails exactly the role holding the next step, and every event is signed and delivered once', async () => {
    const created = await t.gql(CREATE, { url: hook.url, types: ['COMPLAINT_STATUS_CHANGED', 'COMPLAINT_DEADLINE'] }, staff.admin);
    const ep = created.data.createWebhookEndpoint;
    expect(ep.__typename).toBe('WebhookEndpointWithSecret');
    expect(ep.secret).toMatch(/^whsec_/);
    hook.secret = ep.secret;
    const divisions = await divisionIds(t);
    const expectMails = async (before: number, expected: Record<string, RegExp>) => {
      const got = await mailsSince(before);
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const [to, subject] of Object.entries(expected)) {
        expect(got[to], to).toHaveLength(1);
        expect(got[to]![0]).toMatch(subject);
      }
    };

    let n = smtp.mails.length;
    let c: { id: string; version: number } = await receive(t, staff.admin, {
      reporter: { name: 'Siti Rahayu Rahasia', contact: '0813-9999-1111' },
    });
    await expectMails(n, { 'admin@disporbudpar.demo': /perlu dicatat/ });
    n = smtp.mails.length;
    c = await step(t, 'register', { id: c.id, v: c.version }, staff.admin);
    await expectMails(n, { 'kepala@disporbudpar.demo': /menunggu disposisi/ });
    n = smtp.mails.length;
    const input = {
      divisionIds: [divisions.OLAHRAGA, divisions.KEBUDAYAAN],
      instructions: ['TINDAK_LANJUTI'],
      note: 'Catatan internal kepala',
    };
    c = await step(t, 'dispose', { id: c.id, v: c.version, input }, staff.head);
    await expectMails(n, {
      'penghubung@disporbudpar.demo': /Disposisi/,
      'olahraga@disporbudpar.demo': /Disposisi/,
      'kebudayaan@disporbudpar.demo': /Disposisi/,
    });
    n = smtp.mails.length;
    for (const d of ['OLAHRAGA', 'KEBUDAYAAN']) {
      c = await step(t, 'formulate', { id: c.id, v: c.version, divisionId: divisions[d], plan: `Rencana ${d}` }, staff.liaison);
    }
    c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput('OLAHRAGA') }, staff.olahraga);
    await expectMails(n, {});
    c = await step(t, 'result', { id: c.id, v: c.version, input: resultInput('KEBUDAYAAN') }, staff.kebudayaan);
    await expectMails(n, { 'penghubung@disporbudpar.demo': /hasil tindak lanjut bidang telah masuk/ });
    n = smtp.mails.length;
    c = await step(t, 'compile', { id: c.id, v: c.version }, staff.liaison);
    await expectMails(n, { 'admin@disporbudpar.demo': /tanggapan perlu disampaikan/ });
    n = smtp.mails.length;
    c = await step(t, 'deliver', { id: c.id, v: c.version, input: { postedAt: t.clock.now().toISOString() } }, staff.admin);
    await expectMails(n, {});
    c = await step(t, 'feedback', { id: c.id, v: c.version, satisfied: false, comment: 'Belum selesai' }, staff.admin);
    await expectMails(n, {
      'penghubung@disporbudpar.demo': /Pelapor telah memberi tanggapan/,
      'olahraga@disporbudpar.demo': /Pelapor telah memberi tanggapan/,
      'kebudayaan@disporbudpar.demo': /Pelapor telah memberi tanggapan/,
    });

    // Never the reporter, the title, the content or internal notes; always the console link, in Indonesian.
    for (const m of smtp.mails) {
      const text = mailText(m.raw);
      for (const secret of ['Siti Rahayu', '0813-9999', 'Lampu lapangan', 'Sudah dua minggu', 'Catatan internal'])
        expect(text).not.toContain(secret);
      expect(text).toContain('https://tuntas.example.go.id/console/complaints/');
      expect(text).toContain('Yth.');
      expect(m.messageId).toMatch(/^<[0-9a-f-]{36}\.[0-9a-f-]{36}@tuntas\.example\.go\.id>$/);
    }
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);

    // Webhooks: one per status event (10), signed, status-level only, each id once.
    await until('webhooks delivered', () => hook.received.length >= 10);
    await t.app.outbox.runOnce();
    expect(hook.received).toHaveLength(10);
    expect(hook.received.every((w) => w.verified)).toBe(true);
    expect(new Set(hook.received.map((w) => w.id)).size).toBe(10);
    const byVersion = [...hook.received].sort((x, y) => x.body.data.version - y.body.data.version);
    expect(byVersion.map((w) => w.body.data.status)).toEqual([
      'RECEIVED',
      'REGISTERED',
      'DISPOSED',
      'DISPOSED',
      'IN_FOLLOW_UP',
      'IN_FOLLOW_UP',
      'FOLLOW_UP_COMPLETED',
      'REPORT_COMPILED',
      'RESPONSE_DELIVERED',
      'DISPOSED',
    ]);
    const first = byVersion[0]!.body;
    expect(first.type).toBe('complaint.status_changed');
    expect(Object.keys(first.data).sort()).toEqual(
      [
        'action',
        'actorRole',
        'agencyId',
        'at',
        'complaintId',
        'eventId',
        'previousStatus',
        'round',
        'status',
        'trackingId',
        'version',
      ].sort(),
    );
    expect(JSON.stringify(hook.received)).not.toMatch(/Siti|Lampu|Catatan internal/);
  });

  it('the clock actions (tunda, resume, reclassify, extension) are signed webhooks from the outbox and e-mail nobody; endpoint changes are audited without the secret', async () => {
    let c: { id: string; version: number } = await receive(t, staff.admin);
    c = await step(t, 'register', { id: c.id, v: c.version }, staff.admin);
    await mailsSince(smtp.mails.length);
    const n = smtp.mails.length;
    const seen = hook.received.length;
    c = await step(t, 'pause', { id: c.id, v: c.version, reason: 'AWAITING_REPORTER', note: 'Menunggu foto dari pelapor' }, staff.admin);
    c = await step(t, 'resume', { id: c.id, v: c.version }, staff.admin);
    c = await step(t, 'reclassify', { id: c.id, v: c.version, hasOversight: true, reason: 'Ada unsur pengawasan' }, staff.head);
    c = await step(t, 'extend', { id: c.id, v: c.version, workingDays: 3, reason: 'Menunggu keterangan' }, staff.head);
    expect(await mailsSince(n)).toEqual({});
    await until('clock webhooks delivered', () => hook.received.length >= seen + 4);
    await t.app.outbox.runOnce();
    const mine = hook.received.slice(seen);
    expect(mine.every((w) => w.verified)).toBe(true);
    expect(mine.map((w) => w.body.data.action).sort()).toEqual(['EXTEND_FOLLOW_UP', 'PAUSE', 'RECLASSIFY', 'RESUME']);
    expect(new Set(mine.map((w) => w.body.data.status))).toEqual(new Set(['REGISTERED']));
    expect(JSON.stringify(mine)).not.toMatch(/Menunggu|pengawasan/);

    // The endpoint's creation (test above) and a rotation are in the administration audit, never the secret.
    const [endpoint] = await t.db.prisma.webhookEndpoint.findMany({ orderBy: { createdAt: 'asc' }, take: 1 });
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { ... on WebhookEndpointWithSecret { secret } } }`,
      { id: encodeGlobalID('WebhookEndpoint', endpoint!.id) },
      staff.admin,
    );
    const secret: string = rotated.data.rotateWebhookSecret.secret;
    expect(secret).toMatch(/^whsec_/);
    hook.secret = secret;
    const audit = await t.db.prisma.adminEvent.findMany({
      where: { entity: 'WebhookEndpoint', entityId: endpoint!.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((e) => e.action)).toEqual(['WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_SECRET_ROTATED']);
    expect(audit[0]!.actorRole).toBe('ADMIN');
    expect(JSON.stringify(audit.map((e) => [e.before, e.after]))).not.toContain('whsec_');
  });

  it('a user who chose NONE gets nothing; DAILY_DIGEST gets one digest at the digest hour', async () => {
    const head = staff.head;
    const set = `mutation($m: EmailNotificationMode!) { setEmailNotifications(mode: $m) }`;
    expect((await t.gql(set, { m: 'NONE' }, staff.admin)).data.setEmailNotifications).toBe('NONE');
    expect((await t.gql(set, { m: 'DAILY_DIGEST' }, head)).data.setEmailNotifications).toBe('DAILY_DIGEST');
    const prefs = await t.db.prisma.adminEvent.findMany({ where: { action: 'EMAIL_NOTIFICATIONS_CHANGED' }, orderBy: { id: 'asc' } });
    expect(prefs.map((e) => [e.actorRole, e.before, e.after])).toEqual([
      ['ADMIN', { email: 'IMMEDIATE' }, { email: 'NONE' }],
      ['HEAD', { email: 'IMMEDIATE' }, { email: 'DAILY_DIGEST' }],
    ]);
    const n = smtp.mails.length;
    const a = await receive(t, staff.admin);
    const b = await receive(t, staff.admin);
    await step(t, 'register', { id: a.id, v: a.version }, staff.admin);
    await step(t, 'register', { id: b.id, v: b.version }, staff.admin);
    expect(await mailsSince(n)).toEqual({});
    t.clock.advance(25 * 3600_000);
    await t.app.outbox.runOnce();
    const got = await mailsSince(n);
    expect(Object.keys(got)).toEqual(['kepala@disporbudpar.demo']);
    expect(got['kepala@disporbudpar.demo']![0]).toMatch(/Ringkasan harian .*: 2 pemberitahuan/);
    // Tokens expire with the service clock: sign in again after the day went by.
    staff = await loginStaff(t);
    await t.gql(set, { m: 'IMMEDIATE' }, staff.admin);
    await t.gql(set, { m: 'IMMEDIATE' }, staff.head);
  });

  it('500, a closed connection and a timeout are retried with backoff; 410 disables; exhausted retries disable with a reason; redelivery', async () => {
    const flaky = await startWebhookReceiver();
    const gone = await startWebhookReceiver();
    try {
      const LOG = `query { webhookEndpoints { id url active disabledReason deliveries { id eventId status attempts lastStatusCode log { statusCode error latencyMs } } } }`;
      for (const r of [flaky, gone]) {
        r.secret = (
          await t.gql(CREATE, { url: r.url, types: ['COMPLAINT_STATUS_CHANGED'] }, staff.admin)
        ).data.createWebhookEndpoint.secret;
      }
      flaky.respond = (n) => (n === 1 ? 500 : n === 2 ? 'close' : n === 3 ? 'hang' : 204);
      gone.respond = () => 410;
      await receive(t, staff.admin);
      await t.app.outbox.runOnce();
      // 5 s, then 5 min, then 30 min (Standard Webhooks schedule); the service clock is advanced.
      for (const wait of [6_000, 5 * 60_000 + 1000, 30 * 60_000 + 1000]) {
        t.clock.advance(wait);
        await t.app.outbox.runOnce();
      }
      expect(flaky.received).toHaveLength(1);
      expect(flaky.received[0]!.verified).toBe(true);
      const endpoints = (await t.gql(LOG, {}, staff.admin)).data.webhookEndpoints;
      const f = endpoints.find((e: any) => e.url === flaky.url);
      expect(f.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 4, lastStatusCode: 204 });
      expect(f.deliveries[0].log.map((l: any) => l.statusCode)).toEqual([500, null, null, 204]);
      expect(f.deliveries[0].log[2].error).toMatch(/timed out/);
      const g = endpoints.find((e: any) => e.url === gone.url);
      expect(g.active).toBe(false);
      expect(g.disabledReason).toMatch(/410/);
      expect(gone.hits).toBe(1);

      // Manual redelivery: the same webhook-id again.
      const REDELIVER = `mutation($id: ID!) { redeliverWebhook(id: $id) { __typename ... on WebhookDelivery { status } ... on Error { code } } }`;
      expect((await t.gql(REDELIVER, { id: f.deliveries[0].id }, staff.admin)).data.redeliverWebhook.status).toBe('PENDING');
      await t.app.outbox.runOnce();
      expect(flaky.received).toHaveLength(2);
      expect(flaky.received[1]!.id).toBe(flaky.received[0]!.id);
      expect((await t.gql(REDELIVER, { id: g.deliveries[0].id }, staff.admin)).data.redeliverWebhook.code).toBe('INVALID_INPUT');

      // Always failing: 8 attempts over more than 24 hours, then the endpoint is disabled with the reason.
      flaky.respond = () => 503;
      const started = t.clock.now().getTime();
      await receive(t, staff.admin);
      await t.app.outbox.runOnce();
      for (let i = 0; i < 10; i++) {
        t.clock.advance(10 * 3600_000);
        await t.app.outbox.runOnce();
      }
      staff = await loginStaff(t);
      const after = (await t.gql(LOG, {}, staff.admin)).data.webhookEndpoints.find((e: any) => e.url === flaky.url);
      expect(after.active).toBe(false);
      expect(after.disabledReason).toMatch(/8 attempts over more than 24 hours/);
      const failedDelivery = after.deliveries.find((d: any) => d.status === 'FAILED');
      expect(failedDelivery.attempts).toBe(8);
      expect(t.clock.now().getTime() - started).toBeGreaterThan(24 * 3600_000);
    } finally {
      await flaky.close();
      await gone.close();
    }
  });

  it('deadline warnings and breaches go to the role holding the step (here: the ADMIN, report not yet registered)', async () => {
    staff = await loginStaff(t);
    const c = await receive(t, staff.admin);
    await t.app.outbox.runOnce();
    const n = smtp.mails.length;
    t.clock.advance(14 * 86_400_000);
    await t.app.sweeper.sweepOnce();
    await mailsSince(n);
    const ours = smtp.mails.slice(n).filter((m) => m.subject.includes(c.trackingId));
    expect(ours.map((m) => m.to.join())).toEqual(['admin@disporbudpar.demo', 'admin@disporbudpar.demo']);
    expect(ours.map((m) => m.subject).sort()).toEqual([
      expect.stringMatching(/Batas waktu telah terlampaui/),
      expect.stringMatching(/Peringatan/),
    ]);
    expect(mailText(ours[0]!.raw)).toMatch(/Batas waktu tindak lanjut: .* WIB/);
    staff = await loginStaff(t);
  });

  it('bad endpoints are refused with typed errors and nothing is written', async () => {
    const before = await t.db.prisma.webhookEndpoint.count();
    const bad = async (vars: Record<string, unknown>, auth = staff.admin) => {
      return t.gql(CREATE, { types: ['COMPLAINT_STATUS_CHANGED'], ...vars }, auth);
    };
    expect((await bad({ url: 'not a url' })).data.createWebhookEndpoint.issues[0].field).toBe('url');
    expect((await bad({ url: 'ftp://example.com/x' })).data.createWebhookEndpoint.__typename).toBe('InvalidInputError');
    const other = Buffer.from('Agency:00000000-0000-4000-8000-000000000009').toString('base64');
    expect((await bad({ url: hook.url, agencyId: other })).data.createWebhookEndpoint.issues[0].field).toBe('agencyId');
    expect((await bad({ url: hook.url, types: [] })).data.createWebhookEndpoint.issues[0].field).toBe('eventTypes');
    expect((await bad({ url: hook.url, types: ['NO_SUCH_EVENT'] })).errors?.[0]?.message).toMatch(/NO_SUCH_EVENT/);
    expect((await bad({ url: hook.url }, staff.liaison)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.prisma.webhookEndpoint.count()).toBe(before);
  });

  it('private addresses are refused unless configured; https is required in production', async () => {
    const strict = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
    try {
      const admin = { token: await strict.login('admin@disporbudpar.demo') };
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://10.1.2.3/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest',
      ]) {
        const r = await strict.gql(CREATE, { url, types: ['COMPLAINT_STATUS_CHANGED'] }, admin);
        expect(r.data.createWebhookEndpoint.__typename, url).toBe('InvalidInputError');
      }
      expect(await strict.db.prisma.webhookEndpoint.count()).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it('prunes delivered events, finished deliveries and sent e-mails after the retention, keeping what is pending', async () => {
    await t.app.outbox.runOnce();
    const pendingBefore = await t.db.prisma.webhookDelivery.count({ where: { status: 'PENDING' } });
    const none = await t.app.outbox.prune(new Date());
    expect(none).toEqual({ events: 0, deliveries: 0, emails: 0 });
    const later = new Date(Date.now() + (t.config.outboxRetentionDays + 1) * 86_400_000);
    const pruned = await t.app.outbox.prune(later);
    expect(pruned.events).toBeGreaterThan(0);
    expect(pruned.deliveries).toBeGreaterThan(0);
    expect(pruned.emails).toBeGreaterThan(0);
    expect(await t.db.prisma.outboxEvent.count({ where: { publishedAt: { not: null }, fannedOutAt: { not: null } } })).toBe(0);
    expect(await t.db.prisma.webhookDelivery.count({ where: { status: 'PENDING' } })).toBe(pendingBefore);
  });
});
