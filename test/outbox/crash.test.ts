// A crash between the commit and the delivery loses nothing: the real service (a child process) is
// killed with SIGKILL right after a transition commits, before its dispatcher may deliver
// (OUTBOX_DISPATCH_DELAY_MS); after a restart the webhook receiver gets the event exactly once and
// the e-mail is sent. On the embedded database (a data folder) and on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoData } from '../../src/seed/demo.js';
import { receiveInput } from '../complaints/fixtures.js';
import { until } from '../realtime/live.js';
import { createPostgresDatabase, TEST_DB, type TestDatabase } from '../support/database.js';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/receivers.js';
import { gqlAt, startService, type Service } from '../support/service.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-outbox-crash-'));
const running: Service[] = [];
let hook: WebhookReceiver;
let smtp: SmtpReceiver;
let pgDb: TestDatabase | null = null;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  if (TEST_DB === 'postgres') pgDb = await createPostgresDatabase();
});
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await s.stop('SIGKILL');
  await hook?.close();
  await smtp?.close();
  await pgDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

async function start(extra: Record<string, string>) {
  const env: Record<string, string> = {
    LOG_LEVEL: 'info',
    SMTP_URL: smtp.url,
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    OUTBOX_POLL_MS: '200',
    ...(pgDb ? { DATABASE_URL: pgDb.url!, JWT_SECRET: 'crash-test-secret-crash-test-secret-0123' } : { DATA_DIR: path.join(root, 'data') }),
    ...extra,
  };
  const s = await startService(env);
  running.push(s);
  return s;
}

async function gql(base: string, query: string, variables: Record<string, unknown>, token?: string) {
  const r = await gqlAt(base, query, variables, token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describe('outbox across a crash', () => {
  it('SIGKILL after the commit and before delivery: after restart, the webhook exactly once and the e-mail sent', async () => {
    const first = await start({ OUTBOX_DISPATCH_DELAY_MS: '600000' });

    if (pgDb) {
      const db = await pgDb.open();
      await seedDemoData(db.prisma);
      await db.close();
    }
    const login = await gql(
      first.base,
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on AuthPayload { token } } }`,
      {
        e: 'admin@disporbudpar.demo',
        p: DEMO_PASSWORD,
      },
    );
    const token = login.login.token as string;
    const created = await gql(
      first.base,
      `mutation($u: String!) { createWebhookEndpoint(url: $u, eventTypes: [COMPLAINT_STATUS_CHANGED]) { ... on WebhookEndpointWithSecret { secret } } }`,
      { u: hook.url },
      token,
    );
    hook.secret = created.createWebhookEndpoint.secret;
    const input = receiveInput();
    const received = await gql(
      first.base,
      `mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { __typename ... on Complaint { id trackingId } } }`,
      { input },
      token,
    );
    expect(received.receiveComplaint.__typename).toBe('Complaint');
    // Committed and acknowledged; nothing delivered yet. Now the process dies without any cleanup.
    await first.stop('SIGKILL');
    expect(hook.hits).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    expect(first.stdout()).not.toContain('outbox dispatch failed');

    const second = await start({});

    await until('webhook delivered', () => hook.received.length >= 1, 30_000);
    // (The embedded database's demo data brings e-mails of its own: only this report's count here.)
    const ours = () => smtp.mails.filter((m) => m.subject.includes(input.trackingId));
    await until('e-mail sent', () => ours().length >= 1, 30_000);
    // Give a duplicate every chance to show up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.verified).toBe(true);
    expect(hook.received[0]!.body.data).toMatchObject({ trackingId: input.trackingId, status: 'RECEIVED', action: 'RECEIVE' });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.to).toEqual(['admin@disporbudpar.demo']);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 180_000);
});
