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
import { generate } from 'otplib';
import { startTestApp } from '../../test/support/app.js';
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
    ... on IllegalTransitionError { action allowedActions currentStatus }
    ... on NotFoundError { entity requestedId }
    ... on ForbiddenError { action allowedRoles yourRole sopStep }
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

    const missingId = Buffer.from(`Complaint:${randomUUID()}`).toString('base64');
    const missing = await rejection(admin.request(REGISTER, { id: missingId, v: 1 }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ entity: 'Complaint', requestedId: missingId });

    const registered = await admin.request(REGISTER, { id: c.id, v: c.version });
    expect(registered.registerComplaint).toMatchObject({ __typename: 'Complaint', id: c.id });

    const stale = await rejection(admin.request(REGISTER, { id: c.id, v: c.version }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).toMatchObject({ expectedVersion: c.version, currentVersion: registered.registerComplaint.version });

    const twice = await rejection(admin.request(REGISTER, { id: c.id, v: registered.registerComplaint.version! }));
    expect(twice).toBeInstanceOf(IllegalTransitionError);
    expect((twice as IllegalTransitionError).currentStatus).toBe('REGISTERED');
  });

  it('FORBIDDEN for a staff role the SOP does not assign: typed, naming the roles; English unless `language` says otherwise', async () => {
    const admin = s.client({ token: s.adminToken });
    const c = (await admin.request(RECEIVE, { input: reportInput() })).receiveComplaint as { id: string; version: number };
    const headToken = await s.t.login('kepala@disporbudpar.demo');
    const err = await rejection(s.client({ token: headToken }).staff.registerComplaint({ id: c.id, expectedVersion: c.version }));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', action: 'REGISTER', allowedRoles: ['ADMIN'], yourRole: 'HEAD', sopStep: 2 });
    expect((err as ForbiddenError).message).toMatch(/^Only the Agency administrator \(Kasubbag Umum\) may register/);
    const id = await rejection(s.client({ token: headToken, language: 'id' }).staff.registerComplaint({ id: c.id, expectedVersion: c.version }));
    expect((id as ForbiddenError).message).toMatch(/^Hanya Administrator \(Kasubbag Umum dan Kepegawaian\) yang dapat mencatat laporan/);
  });

  it('a step takes the LAPOR! tracking ID as well as the global ID', async () => {
    const admin = s.client({ token: s.adminToken });
    const input = reportInput();
    const c = (await admin.request(RECEIVE, { input })).receiveComplaint as { id: string; version: number };
    const done = await admin.staff.registerComplaint({ id: input.trackingId, expectedVersion: c.version });
    expect(done).toMatchObject({ id: c.id, status: 'REGISTERED' });
    const unknown = await rejection(admin.staff.registerComplaint({ id: 'LAP-TIDAK-ADA-9', expectedVersion: 1 }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', requestedId: 'LAP-TIDAK-ADA-9' });
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

  it('INVALID_INPUT for a bad DateTime and an unknown enum value names the argument path (variables and literals)', async () => {
    const forward = s.client({ apiKey: s.keys.forward });
    const before = await s.t.db.prisma.complaint.count();
    const bad = reportInput({ submittedAt: 'kemarin sore', kind: 'KELUHAN' as never });
    const err = await rejection(forward.receiveComplaint(bad));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([
      { field: 'input.kind', message: expect.stringContaining('"KELUHAN" does not exist in "ComplaintKind"') },
      { field: 'input.submittedAt', message: expect.stringContaining('DateTime must be an ISO-8601 timestamp') },
    ]);
    expect(await s.t.db.prisma.complaint.count()).toBe(before);

    // The same mistakes written into the document itself (found by validation, before execution).
    const literal = await rejection(
      forward.request(`mutation { receiveComplaint(input: { trackingId: "LAP-X-1", kind: KELUHAN, title: "t", content: "c",
        submittedAt: "kemarin", dispatchedAt: "2026-01-01T00:00:00Z" }) { __typename } }`),
    );
    expect(literal).toBeInstanceOf(InvalidInputError);
    expect((literal as InvalidInputError).issues.map((i) => i.field).sort()).toEqual(['input.kind', 'input.submittedAt']);

    // A list element and a nested filter: `filter.status[1]`.
    const listed = await rejection(
      s.client({ apiKey: s.keys.complaints }).complaintStatuses({ filter: { status: ['RECEIVED', 'SELESAI' as never] } }),
    );
    expect((listed as InvalidInputError).issues).toEqual([{ field: 'filter.status[1]', message: expect.stringContaining('"SELESAI"') }]);
  });

  it('every error names its request (x-request-id), as the server logged it', async () => {
    const err = (await rejection(s.client({ apiKey: 'tnt_bogus_key' }).counts())) as TuntasError;
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('whoami (the viewer query)', () => {
  it('says who the caller is for a key, a user and nobody', async () => {
    expect(await s.client({ apiKey: s.keys.complaints }).whoami()).toEqual({
      kind: 'API_KEY',
      name: 'Dasbor provinsi',
      role: null,
      scopes: ['READ_COMPLAINTS'],
      agencyId: expect.any(String),
      agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    });
    const user = await s.client({ token: s.adminToken }).whoami();
    expect(user).toMatchObject({
      kind: 'USER',
      role: 'ADMIN',
      scopes: [],
      agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    });
    expect(await s.client().whoami()).toMatchObject({
      kind: 'ANONYMOUS',
      name: null,
      role: null,
      scopes: [],
      agencyId: null,
      agencyName: null,
    });
    // Credentials sent are credentials checked: a revoked or unknown key is UNAUTHENTICATED, even here.
    await expect(s.client({ apiKey: 'tnt_bogus_key' }).whoami()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('second factor', () => {
  it('login answers SECOND_FACTOR_REQUIRED for an enrolled account; completeSecondFactorLogin signs the client in', async () => {
    const t = await startTestApp();
    const codeAt = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
    const app = createTuntasClient({ url: t.url, retry: false });
    try {
      // The head enrols (SECOND_FACTOR_ROLES), through the service as the console does.
      const token = await t.login('kepala@disporbudpar.demo');
      const begun = await t.gql(`mutation { beginSecondFactorEnrolment { ... on SecondFactorEnrolment { secret } } }`, {}, { token });
      const secret = begun.data.beginSecondFactorEnrolment.secret as string;
      const confirmed = await t.gql(
        `mutation($code: String!) { confirmSecondFactorEnrolment(code: $code) { __typename } }`,
        { code: await codeAt(secret) },
        { token },
      );
      expect(confirmed.data.confirmSecondFactorEnrolment.__typename).toBe('SecondFactorRecoveryCodes');
      t.clock.advance(60_000);

      const outcome = await app.login('kepala@disporbudpar.demo', 'tuntas-demo-2026');
      expect(outcome).toEqual({ kind: 'SECOND_FACTOR_REQUIRED', challenge: expect.any(String), expiresAt: expect.any(String) });
      if (outcome.kind !== 'SECOND_FACTOR_REQUIRED') return;
      // Not signed in yet: the challenge is not a session token.
      await expect(app.staff.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const wrong = await rejection(app.completeSecondFactorLogin(outcome.challenge, '000000'));
      expect(wrong).toBeInstanceOf(InvalidInputError);
      expect((wrong as InvalidInputError).issues[0]?.field).toBe('code');

      const signedIn = await app.completeSecondFactorLogin(outcome.challenge, await codeAt(secret));
      expect(signedIn).toMatchObject({ kind: 'SIGNED_IN', role: 'HEAD', token: expect.any(String) });
      expect((await app.staff.me()).email).toBe('kepala@disporbudpar.demo');
    } finally {
      await app.dispose();
      await t.close();
    }
  });
});

describe('staff operations', () => {
  it('login signs the client in; the SOP steps return the complaint or throw the typed error', async () => {
    const staff = s.client();
    const outcome = await staff.login('penghubung@disporbudpar.demo', 'tuntas-demo-2026');
    expect(outcome).toMatchObject({ kind: 'SIGNED_IN', role: 'LIAISON', name: expect.any(String), token: expect.any(String) });
    expect((await staff.whoami()).role).toBe('LIAISON');
    expect((await staff.staff.me()).email).toBe('penghubung@disporbudpar.demo');

    const { trackingId } = await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
    const c = (await staff.staff.complaintByTrackingId(trackingId))!;
    expect(c).toMatchObject({ status: 'RECEIVED', version: 1, allowedActions: ['PAUSE'] }); // the liaison may only put it on hold (tunda);

    // The liaison may not register (a role the SOP does not give them): FORBIDDEN, nothing written.
    expect(await rejection(staff.staff.registerComplaint({ id: c.id, expectedVersion: 1 }))).toBeInstanceOf(ForbiddenError);

    const admin = s.client();
    await admin.login('admin@disporbudpar.demo', 'tuntas-demo-2026');
    const registered = await admin.staff.registerComplaint({ id: c.id, expectedVersion: 1 });
    expect(registered).toMatchObject({ __typename: 'Complaint', status: 'REGISTERED', version: 2, registerNumber: expect.any(String) });

    const stale = await rejection(admin.staff.returnComplaint({ id: c.id, expectedVersion: 1, reason: 'Bukan wewenang dinas' }));
    expect(stale).toMatchObject({ constructor: ConflictError, expectedVersion: 1, currentVersion: 2 });

    const illegal = (await rejection(admin.staff.registerComplaint({ id: c.id, expectedVersion: 2 }))) as IllegalTransitionError;
    expect(illegal).toBeInstanceOf(IllegalTransitionError);
    expect(illegal.currentStatus).toBe('REGISTERED');
    // What the SOP allows in this status (the head disposes), not only what this caller may do.
    expect(illegal.allowedActions).toEqual(expect.arrayContaining(['DISPOSE', ...registered.allowedActions]));
    expect(illegal.requestId).toEqual(expect.any(String));

    const detail = (await admin.staff.complaint(c.id))!;
    expect(detail.history.map((h) => h.action)).toEqual(['RECEIVE', 'REGISTER']);
    const page = await admin.staff.complaints({ first: 5, filter: { status: ['REGISTERED'] } });
    expect(page.edges.map((e) => e.node.id)).toContain(c.id);

    admin.logout();
    expect((await admin.whoami()).kind).toBe('ANONYMOUS');
  });
});
