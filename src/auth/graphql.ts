// login, me, and API keys for other portals.
import { InputChecker, InvalidInputError, LoginFailedError, NotFoundError, RateLimitedError } from '../errors.js';
import { AgencyNode, RoleEnum } from '../agencies/types.js';
import type { Role } from '../sop/vocabulary.js';
import { builder } from '../graphql/builder.js';
import { isUuid } from '../uuid.js';
import { generateApiKey } from './api-keys.js';
import { authenticatePassword } from './login.js';
import { API_KEY_SCOPES } from './viewer.js';

// The caller is not signed in yet while this resolves, so it carries what a client needs to route the
// user; everything else comes from `me` with the new token.
const AuthPayload = builder
  .objectRef<{ token: string; expiresAt: Date; userId: string; role: Role; name: string }>('AuthPayload')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Send as "Authorization: Bearer <token>".' }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      userId: t.exposeID('userId'),
      name: t.exposeString('name'),
      role: t.expose('role', { type: RoleEnum }),
    }),
  });

export const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  values: API_KEY_SCOPES,
  description:
    'READ_STATUS: complaint status by tracking ID; READ_COMPLAINTS: status-level listing, history summary and counts of the key’s agency; FORWARD_COMPLAINTS: receiveComplaint. No scope ever reveals personal data.',
});

const ApiKeyNode = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  authScopes: { role: ['ADMIN', 'COORDINATOR'] },
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'Start of the key, to recognise it; the key itself is never shown again.' }),
    scopes: t.field({ type: [ApiKeyScopeEnum], resolve: (k) => k.scopes as (typeof API_KEY_SCOPES)[number][] }),
    agency: t.relation('agency', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: string; id: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The secret key. Shown only now: store it safely.' }),
    apiKey: t.prismaField({
      type: 'ApiKey',
      resolve: (query, p, _a, ctx) => ctx.services.db.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id: p.id } }),
    }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: 'User',
    description: 'The signed-in user.',
    authScopes: { signedIn: true },
    resolve: (query, _r, _a, ctx) =>
      ctx.services.db.prisma.user.findUniqueOrThrow({ ...query, where: { id: ctx.viewer!.kind === 'user' ? ctx.viewer!.id : '' } }),
  }),
  apiKeys: t.prismaField({
    type: ['ApiKey'],
    description: 'API keys of the caller’s agency (all, for a coordinator).',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    resolve: (query, _r, _a, ctx) => {
      const v = ctx.viewer!;
      const where = v.kind === 'user' && v.role === 'ADMIN' ? { agencyId: v.agencyId } : {};
      return ctx.services.db.prisma.apiKey.findMany({ ...query, where, orderBy: { createdAt: 'desc' } });
    },
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: AuthPayload,
    description: 'Sign in. Repeated failures lock the account and the client address for a while.',
    authScopes: { public: true },
    errors: { types: [LoginFailedError, RateLimitedError, InvalidInputError] },
    args: { email: t.arg.string(), password: t.arg.string() },
    resolve: async (_r, { email, password }, ctx) => {
      new InputChecker().text('email', email, { max: 320 }).text('password', password, { max: 1024 }).throwIfAny();
      const { config, db, clock, tokens } = ctx.services;
      const user = await authenticatePassword(
        db.prisma,
        clock,
        {
          maxFailures: config.loginMaxFailures,
          maxFailuresPerAddress: config.loginMaxFailuresPerAddress,
          lockSeconds: config.loginLockSeconds,
        },
        { email, password, clientAddress: ctx.clientAddress },
      );
      const { token, expiresAt } = await tokens.issue(user.id, user.role);
      ctx.log.info({ userId: user.id, role: user.role }, 'login');
      return { token, expiresAt, userId: user.id, role: user.role as Role, name: user.name };
    },
  }),
  createApiKey: t.field({
    type: CreatedApiKey,
    description: 'Create a key for another portal. An ADMIN’s key is limited to their agency.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      name: t.arg.string(),
      scopes: t.arg({ type: [ApiKeyScopeEnum] }),
      agencyId: t.arg.globalID({ for: AgencyNode, required: false, description: 'COORDINATOR only; omit for every agency.' }),
    },
    resolve: async (_r, args, ctx) => {
      const v = ctx.viewer!;
      if (v.kind !== 'user') throw new Error('unreachable: scope requires a user');
      const check = new InputChecker().text('name', args.name, { max: 200 });
      check.check(args.scopes.length > 0, 'scopes', 'choose at least one scope');
      const requested = args.agencyId?.id ?? null;
      check.check(
        !(v.role === 'ADMIN' && requested && requested !== v.agencyId),
        'agencyId',
        'an ADMIN can only create keys for their own agency',
      );
      check.throwIfAny();
      const agencyId = v.role === 'ADMIN' ? v.agencyId : requested;
      const prisma = ctx.services.db.prisma;
      if (agencyId && !(isUuid(agencyId) && (await prisma.agency.findUnique({ where: { id: agencyId } })))) {
        throw new NotFoundError('Agency', agencyId);
      }
      const { key, prefix, hash } = generateApiKey();
      const row = await prisma.apiKey.create({
        data: { name: args.name.trim(), prefix, hash, agencyId, scopes: [...new Set(args.scopes)], createdById: v.id },
      });
      ctx.log.info({ apiKeyId: row.id, by: v.id }, 'api key created');
      return { key, id: row.id };
    },
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    description: 'Revoke a key at once; requests with it then answer UNAUTHENTICATED.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: ApiKeyNode }) },
    resolve: async (query, _r, args, ctx) => {
      const id = args.id.id;
      const v = ctx.viewer!;
      const prisma = ctx.services.db.prisma;
      const own = v.kind === 'user' && v.role === 'ADMIN' ? { agencyId: v.agencyId } : {};
      const existing = isUuid(id) ? await prisma.apiKey.findFirst({ where: { id, ...own } }) : null;
      if (!existing) throw new NotFoundError('ApiKey', id);
      return prisma.apiKey.update({
        ...query,
        where: { id: existing.id },
        data: { revokedAt: existing.revokedAt ?? ctx.services.clock.now() },
      });
    },
  }),
}));
