// Two-factor sign-in (TOTP, RFC 6238): a role that requires it must enrol before anything else;
// then login answers SecondFactorRequired and completeSecondFactorLogin finishes with a code
// (each accepted once) or a recovery code (each usable once). Bad codes are typed errors on `code`.
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { REQUIRE_SECOND_FACTOR_ROLES: 'HEAD' } });
});
afterAll(() => t?.close());

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on AuthPayload { token } ... on SecondFactorRequired { challenge expiresAt } ... on Error { code message } } }`;
const COMPLETE = `mutation($c: String!, $code: String!) { completeSecondFactorLogin(challenge: $c, code: $code) {
  __typename ... on AuthPayload { token role } ... on InvalidInputError { issues { field message } } ... on Error { code } } }`;
const BEGIN = `mutation { beginSecondFactorEnrolment { ... on SecondFactorEnrolment { secret uri } } }`;
const CONFIRM = `mutation($code: String!) { confirmSecondFactorEnrolment(code: $code) {
  __typename ... on SecondFactorRecoveryCodes { recoveryCodes } ... on InvalidInputError { issues { field message } } } }`;
const DISABLE = `mutation($p: String!) { disableSecondFactor(currentPassword: $p) { __typename ... on User { secondFactorEnabled } ... on InvalidInputError { issues { field message } } } }`;

const codeAt = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });

describe('two-factor sign-in', () => {
  it('a HEAD must enrol first, then signs in with a code; codes and recovery codes work once', async () => {
    const first = (await t.gql(LOGIN, { e: 'kepala@disporbudpar.demo', p: DEMO_PASSWORD })).data.login;
    expect(first.__typename).toBe('AuthPayload');
    const auth = { token: first.token };
    const blocked = await t.gql(`{ agencies { id } }`, {}, auth);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', pending: 'SECOND_FACTOR_ENROLMENT' });

    const { secret, uri } = (await t.gql(BEGIN, {}, auth)).data.beginSecondFactorEnrolment;
    expect(uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    const wrong = (await t.gql(CONFIRM, { code: '000000' }, auth)).data.confirmSecondFactorEnrolment;
    expect(wrong.issues[0].field).toBe('code');
    const confirmed = (await t.gql(CONFIRM, { code: await codeAt(secret) }, auth)).data.confirmSecondFactorEnrolment;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect((await t.gql(`{ agencies { id } }`, {}, auth)).errors).toBeUndefined();
    // Stored hashed: the codes and the secret never appear in the audit.
    const row = await t.db.prisma.user.findFirstOrThrow({ where: { email: 'kepala@disporbudpar.demo' } });
    expect(row.totpRecoveryHashes).not.toContain(confirmed.recoveryCodes[0]);
    const audit = JSON.stringify(
      await t.db.prisma.adminEvent.findMany({ where: { entityId: row.id }, select: { action: true, before: true, after: true } }),
    );
    expect(audit).toMatch(/SECOND_FACTOR_ENABLED/);
    expect(audit).not.toContain(secret);

    // Sign in again: a challenge, then the code.
    t.clock.advance(60_000);
    const second = (await t.gql(LOGIN, { e: 'kepala@disporbudpar.demo', p: DEMO_PASSWORD })).data.login;
    expect(second.__typename).toBe('SecondFactorRequired');
    expect((await t.gql(COMPLETE, { c: second.challenge, code: '123456' })).data.completeSecondFactorLogin.issues[0].field).toBe('code');
    const code = await codeAt(secret);
    const done = (await t.gql(COMPLETE, { c: second.challenge, code })).data.completeSecondFactorLogin;
    expect(done).toMatchObject({ __typename: 'AuthPayload', role: 'HEAD' });
    // The same code again (a replay): refused.
    expect((await t.gql(COMPLETE, { c: second.challenge, code })).data.completeSecondFactorLogin.__typename).toBe('InvalidInputError');
    // A challenge is not a session token.
    expect((await t.gql(`{ me { id } }`, {}, { token: second.challenge })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A recovery code, once.
    const recovery = confirmed.recoveryCodes[3];
    expect((await t.gql(COMPLETE, { c: second.challenge, code: recovery })).data.completeSecondFactorLogin.__typename).toBe('AuthPayload');
    expect((await t.gql(COMPLETE, { c: second.challenge, code: recovery })).data.completeSecondFactorLogin.__typename).toBe(
      'InvalidInputError',
    );
    // Required for HEAD: cannot be switched off.
    const off = (await t.gql(DISABLE, { p: DEMO_PASSWORD }, { token: done.token })).data.disableSecondFactor;
    expect(off.issues[0].field).toBe('secondFactor');
  });

  it('any other role may enrol and switch it off again; roles without the requirement are not held', async () => {
    const auth = { token: await t.login('auditor@disporbudpar.demo') };
    expect((await t.gql(`{ agencies { id } }`, {}, auth)).errors).toBeUndefined();
    const { secret } = (await t.gql(BEGIN, {}, auth)).data.beginSecondFactorEnrolment;
    expect((await t.gql(CONFIRM, { code: await codeAt(secret) }, auth)).data.confirmSecondFactorEnrolment.recoveryCodes).toHaveLength(10);
    expect((await t.gql(LOGIN, { e: 'auditor@disporbudpar.demo', p: DEMO_PASSWORD })).data.login.__typename).toBe('SecondFactorRequired');
    expect((await t.gql(DISABLE, { p: 'salah-password-ini' }, auth)).data.disableSecondFactor.issues[0].field).toBe('currentPassword');
    expect((await t.gql(DISABLE, { p: DEMO_PASSWORD }, auth)).data.disableSecondFactor).toMatchObject({
      __typename: 'User',
      secondFactorEnabled: false,
    });
    expect((await t.gql(LOGIN, { e: 'auditor@disporbudpar.demo', p: DEMO_PASSWORD })).data.login.__typename).toBe('AuthPayload');
  });
});
