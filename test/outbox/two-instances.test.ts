// Two instances on one database share the outbox: 1,000 events produced on both, every webhook
// delivered exactly once per endpoint (by webhook-id) and every e-mail sent once per recipient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVE, receiveInput } from '../complaints/fixtures.js';
import { until } from '../realtime/live.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/receivers.js';

const EVENTS = 1000;
let a: TestApp;
let b: TestApp;
let smtp: SmtpReceiver;
const hooks: WebhookReceiver[] = [];

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hooks.push(await startWebhookReceiver(), await startWebhookReceiver());
  // A load test on a shared machine: the per-operation time limit (10 s by default) is not under test.
  const env = { SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', OUTBOX_POLL_MS: '100', EXECUTION_TIMEOUT_MS: '120000' };
  a = await startTestApp({ env });
  b = await startTestApp({ env, database: { db: a.db }, clock: a.clock, seed: false });
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  await smtp?.close();
  for (const h of hooks) await h.close();
});

const CREATE = `mutation($u: String!) { createWebhookEndpoint(url: $u, eventTypes: [COMPLAINT_STATUS_CHANGED]) {
  ... on WebhookEndpointWithSecret { secret } ... on Error { code message } } }`;

describe('two instances, one outbox', () => {
  it(`${EVENTS} events: each webhook once per endpoint, each e-mail once per recipient`, async () => {
    const admin = { token: await a.login('admin@disporbudpar.demo') };
    const coordinator = { token: await a.login('koordinator@lapor.demo') };
    // One endpoint of the agency (by its ADMIN), one regency-wide (by the coordinator).
    hooks[0]!.secret = (await a.gql(CREATE, { u: hooks[0]!.url }, admin)).data.createWebhookEndpoint.secret;
    hooks[1]!.secret = (await b.gql(CREATE, { u: hooks[1]!.url }, coordinator)).data.createWebhookEndpoint.secret;
    const tracking: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < EVENTS) {
          const i = next++;
          const app = i % 2 === 0 ? a : b;
          const input = receiveInput();
          tracking.push(input.trackingId);
          for (let attempt = 1; ; attempt++) {
            // A kept-alive socket the server closed at that instant resets the request (never
            // processed); a retry of one that was processed answers DUPLICATE_TRACKING_ID.
            const r = await app.gql(RECEIVE, { input }, admin).catch((err: Error) => {
              if (attempt >= 3) throw err;
              return null;
            });
            const kind = r?.data?.receiveComplaint?.__typename;
            if (kind === 'Complaint' || kind === 'DuplicateTrackingIdError') break;
            if (r) throw new Error(JSON.stringify(r));
          }
        }
      }),
    );
    const progress = () => `webhooks ${hooks.map((h) => h.received.length).join('/')}, e-mails ${smtp.mails.length}`;
    console.log(`${EVENTS} events committed; so far ${progress()}`);
    await until('all delivered', () => hooks.every((h) => h.received.length >= EVENTS) && smtp.mails.length >= EVENTS, 400_000).catch(
      (err: Error) => {
        throw new Error(`${err.message}: ${progress()}`);
      },
    );
    await Promise.all([a.app.outbox.runOnce(), b.app.outbox.runOnce()]);
    await new Promise((r) => setTimeout(r, 1000));
    for (const h of hooks) {
      const ids = h.received.map((w) => w.id);
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(h.received.every((w) => w.verified)).toBe(true);
      expect(new Set(h.received.map((w) => w.body.data.trackingId))).toEqual(new Set(tracking));
    }
    expect(smtp.mails).toHaveLength(EVENTS);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(EVENTS);
    expect(smtp.mails.every((m) => m.to.length === 1 && m.to[0] === 'admin@disporbudpar.demo')).toBe(true);
    // Every delivery ends recorded as DELIVERED (the record is written just after the receiver answered).
    await until(
      'deliveries recorded',
      async () => (await a.db.prisma.webhookDelivery.count({ where: { status: { not: 'DELIVERED' } } })) === 0,
      60_000,
    );
    expect(await a.db.prisma.webhookDelivery.count({ where: { status: 'DELIVERED' } })).toBe(2 * EVENTS);
  }, 900_000);
});
