// Every typed error class, each produced by a real response of the running service (or, for
// NetworkError, by a port nobody listens on).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createTuntasClient,
  DuplicateTrackingIdError,
  ForbiddenError,
  graphql,
  IllegalTransitionError,
  InvalidInputError,
  LoginFailedError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  TuntasError,
  UnauthenticatedError,
  type ReceiveComplaintInput,
} from '../src/index.js';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

let s: SdkTestApp;
beforeAll(async () => {
  // A low lockout threshold so the RATE_LIMITED test needs only a few failed logins.
  s = await startSdkApp({ LOGIN_MAX_FAILURES: '2' });
});
afterAll(() => s?.close());

const REGISTER = graphql<
  { registerComplaint: { __typename: string; id?: string; version?: number; code?: string; message?: string } },
  { id: string; v: number }
>(`mutation Register($id: ID!, $v: Int!) {
  registerComplaint(id: $id, expectedVersion: $v) {
    __typename
    ... on Complaint { id status version }
    ... on Error { code message }
    ... on ConflictError { expectedVersion currentVersion }
    ... on IllegalTransitionError { action allowedActions currentStatus: status }
    ... on NotFoundError { entity }
  }
}`);

const RECEIVE = graphql<{ receiveComplaint: { __typename: string; id?: string; version?: number } }, { input: ReceiveComplaintInput }>(
  `mutation Receive($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { __typename ... on Complaint { id version } ... on Error { code message } } }`,
);

const LOGIN = graphql<
  { login: { __typename: string; token?: string } },
  { email: string; password: string }
>(`mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on AuthPayload { token }
    ... on Error { code message }
    ... on RateLimitedError { retryAfterSeconds }
  }
}`);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('typed errors from real server responses', () => {
  it('UNAUTHENTICATED: an unknown API key', async () => {
    const err = await rejection(s.client({ apiKey: 'tuntas_nope_0000000000000000' }).receiveComplaint(reportInput()));
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(err).toBeInstanceOf(TuntasError);
    expect((err as UnauthenticatedError).code).toBe('UNAUTHENTICATED');
  });

  it('FORBIDDEN: a READ_STATUS key forwarding a report', async () => {
    const before = await s.t.db.prisma.complaint.count();
    const err = await rejection(s.client({ apiKey: s.keys.status }).receiveComplaint(reportInput()));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(await s.t.db.prisma.complaint.count()).toBe(before);
  });

  it('INVALID_INPUT: every issue at once, nothing written', async () => {
    const before = await s.t.db.prisma.complaint.count();
    const err = await rejection(s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput({ title: ' ', trackingId: 'bad id!' })));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues.map((i) => i.field).sort()).toEqual(['title', 'trackingId']);
    expect(await s.t.db.prisma.complaint.count()).toBe(before);
  });

  it('DUPLICATE_TRACKING_ID: forwarding the same report twice', async () => {
    const forward = s.client({ apiKey: s.keys.forward });
    const input = reportInput();
    const first = await forward.receiveComplaint(input);
    expect(first).toMatchObject({ __typename: 'ComplaintStatusView', trackingId: input.trackingId, status: 'RECEIVED' });
    const stored = await s.t.db.prisma.complaint.findUniqueOrThrow({ where: { trackingId: input.trackingId } });
    const err = await rejection(forward.receiveComplaint(input));
    expect(err).toBeInstanceOf(DuplicateTrackingIdError);
    expect(err).not.toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({
      trackingId: input.trackingId,
      existingComplaintId: Buffer.from(`Complaint:${stored.id}`).toString('base64'),
    });
  });

  it('NOT_FOUND, CONFLICT and ILLEGAL_TRANSITION through the generic request()', async () => {
    const admin = s.client({ token: s.adminToken });
    const received = await admin.request(RECEIVE, { input: reportInput() });
    const c = received.receiveComplaint as { id: string; version: number };

    const missing = await rejection(admin.request(REGISTER, { id: Buffer.from(`Complaint:${randomUUID()}`).toString('base64'), v: 1 }));
    expect(missing).toBeInstanceOf(NotFoundError);

    const registered = await admin.request(REGISTER, { id: c.id, v: c.version });
    expect(registered.registerComplaint).toMatchObject({ __typename: 'Complaint', id: c.id });

    const stale = await rejection(admin.request(REGISTER, { id: c.id, v: c.version }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).toMatchObject({ expectedVersion: c.version, currentVersion: registered.registerComplaint.version });

    const twice = await rejection(admin.request(REGISTER, { id: c.id, v: registered.registerComplaint.version! }));
    expect(twice).toBeInstanceOf(IllegalTransitionError);
    expect((twice as IllegalTransitionError).currentStatus).toBe('REGISTERED');
  });

  it('LOGIN_FAILED, then RATE_LIMITED with retryAfter once the account is locked', async () => {
    const anon = s.client();
    const wrong = { email: 'auditor@disporbudpar.demo', password: 'salah-sandi' };
    expect(await rejection(anon.request(LOGIN, wrong))).toBeInstanceOf(LoginFailedError);
    expect(await rejection(anon.request(LOGIN, wrong))).toBeInstanceOf(LoginFailedError);
    const locked = await rejection(anon.request(LOGIN, wrong));
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as RateLimitedError).retryAfter).toBe(s.t.config.loginLockSeconds);
  });

  it('NETWORK: a port nobody listens on', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const client = createTuntasClient({ url: `http://127.0.0.1:${port}/graphql`, apiKey: s.keys.forward, retry: false });
    const err = await rejection(client.receiveComplaint(reportInput()));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('NETWORK_ERROR');
  });
});
