// Two-factor sign-in over GraphQL: login answers SecondFactorRequired for an enrolled account, then
// completeSecondFactorLogin finishes it; enrolment and disabling are the person's own operations.
import { AuthPayload } from '../auth/graphql.js';
import { countAttempts } from '../auth/login.js';
import type { Role } from '../sop/vocabulary.js';
import { InputChecker, InvalidInputError, LoginFailedError, RateLimitedError, SecondFactorRequired } from '../errors.js';
import { ErrorInterface } from '../graphql/error-types.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { beginEnrolment, confirmEnrolment, disableSecondFactor, verifySecondFactor } from './second-factor.js';
import { deps } from './graphql.js';

builder.objectType(SecondFactorRequired, {
  name: 'SecondFactorRequired',
  description: 'The password was right; finish with completeSecondFactorLogin(challenge, code) within 5 minutes.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof SecondFactorRequired,
  fields: (t) => ({
    challenge: t.exposeString('challenge'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const Enrolment = builder.objectRef<{ secret: string; uri: string }>('SecondFactorEnrolment').implement({
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'Base32 secret, for typing into the app by hand' }),
    uri: t.exposeString('uri', { description: 'otpauth:// URI: show it as a QR code to the authenticator app' }),
  }),
});

const RecoveryCodes = builder.objectRef<{ codes: string[] }>('SecondFactorRecoveryCodes').implement({
  fields: (t) => ({
    recoveryCodes: t.exposeStringList('codes', { description: 'Shown only now: each works once instead of a code, if the phone is lost' }),
  }),
});

const self = (ctx: Context) => {
  if (ctx.viewer?.kind !== 'user') throw new Error('unreachable: account scope');
  return ctx.viewer.id;
};

builder.mutationFields((t) => ({
  completeSecondFactorLogin: t.field({
    type: AuthPayload,
    description: 'Second step of signing in: the challenge from login and a code from the authenticator app (or a recovery code).',
    authScopes: { public: true },
    errors: { types: [InvalidInputError, LoginFailedError, RateLimitedError] },
    args: { challenge: t.arg.string(), code: t.arg.string() },
    resolve: async (_r, { challenge, code }, ctx) => {
      new InputChecker().text('challenge', challenge, { max: 2048 }).text('code', code, { max: 64 }).throwIfAny();
      const { db, tokens, clock, config } = ctx.services;
      const verified = await tokens.verifyChallenge(challenge);
      if (!verified) throw new LoginFailedError();
      const user = await db.prisma.user.findUnique({ where: { id: verified.userId } });
      if (!user?.active || user.tokenVersion !== verified.version) throw new LoginFailedError();
      const policy = {
        maxFailures: config.loginMaxFailures,
        maxFailuresPerAddress: config.loginMaxFailuresPerAddress,
        lockSeconds: config.loginLockSeconds,
      };
      const keys = [`second-factor:${user.id}`, `ip:${ctx.clientAddress}`];
      const now = clock.now();
      // Count first, verify after (as for passwords): parallel guesses cannot race past the lock.
      await countAttempts(db.prisma, keys, now, policy);
      if (!(await verifySecondFactor(db.prisma, user, code, now))) {
        throw new InvalidInputError([{ field: 'code', message: 'is not a valid code (or was already used)' }]);
      }
      await db.prisma.loginThrottle.deleteMany({ where: { key: keys[0] } });
      const { token, expiresAt } = await tokens.issue(user.id, user.role, user.tokenVersion);
      ctx.log.info({ userId: user.id, role: user.role, secondFactor: true }, 'login');
      return { token, expiresAt, userId: user.id, role: user.role as Role, name: user.name };
    },
  }),
  beginSecondFactorEnrolment: t.field({
    type: Enrolment,
    description: 'Start enrolling an authenticator app; confirm with its first code.',
    authScopes: { account: true },
    errors: { types: [InvalidInputError] },
    resolve: (_r, _a, ctx) => beginEnrolment(deps(ctx), self(ctx)),
  }),
  confirmSecondFactorEnrolment: t.field({
    type: RecoveryCodes,
    description: 'Finish enrolling with the app’s current code; from the next sign-in on, login asks for a code.',
    authScopes: { account: true },
    errors: { types: [InvalidInputError] },
    args: { code: t.arg.string() },
    resolve: async (_r, { code }, ctx) => ({ codes: await confirmEnrolment(deps(ctx), self(ctx), code, ctx.services.clock.now()) }),
  }),
  disableSecondFactor: t.prismaField({
    type: 'User',
    description: 'Stop asking for a code at sign-in (not allowed for roles that require it: REQUIRE_SECOND_FACTOR_ROLES).',
    authScopes: { account: true },
    errors: { types: [InvalidInputError] },
    args: { currentPassword: t.arg.string() },
    resolve: async (query, _r, { currentPassword }, ctx) => {
      await disableSecondFactor(deps(ctx), self(ctx), currentPassword, ctx.services.config.secondFactorRoles);
      return ctx.services.db.prisma.user.findUniqueOrThrow({ ...query, where: { id: self(ctx) } });
    },
  }),
}));
