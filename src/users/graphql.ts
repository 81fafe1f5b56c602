// Staff administration (ADMIN for their agency, COORDINATOR for all) and the person's own account
// (changePassword, logoutEverywhere): thin resolvers over users.ts.
import { AgencyNode, DivisionNode, RoleEnum, UserNode } from '../agencies/types.js';
import { actorOf } from '../audit/actor.js';
import { AuthPayload } from '../auth/graphql.js';
import { announceRevoked } from '../auth/revocation.js';
import type { Role } from '../sop/vocabulary.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { changePassword, createUser, logoutEverywhere, resetUserPassword, setUserActive, updateUser, type AdminDeps } from './users.js';

builder.prismaObjectFields('User', (t) => ({
  active: t.exposeBoolean('active', { description: 'false: deactivated; cannot sign in' }),
  mustChangePassword: t.exposeBoolean('mustChangePassword', { description: 'Signed in with a one-time password not yet replaced' }),
  secondFactorEnabled: t.boolean({ select: { totpSecret: true }, resolve: (u) => u.totpSecret !== null }),
  createdAt: t.expose('createdAt', { type: 'DateTime' }),
}));

/** The signed-in user acting, with revocations announced to every instance. */
export function deps(ctx: Context): AdminDeps {
  return { prisma: ctx.services.db.prisma, actor: actorOf(ctx.viewer), revoked: announceRevoked(ctx.services) };
}

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string(),
    name: t.string(),
    nip: t.string({ required: false, description: 'NIP: 18 digits (spaces allowed)' }),
    role: t.field({ type: RoleEnum, description: 'An ADMIN cannot grant COORDINATOR' }),
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'Default: your own agency. Empty for a COORDINATOR' }),
    divisionId: t.globalID({ for: DivisionNode, required: false, description: 'Required for DIVISION staff' }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    nip: t.string({ required: false, description: '"" removes it' }),
    role: t.field({ type: RoleEnum, required: false, description: 'Ends the person’s sessions' }),
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'COORDINATOR only: transfer to another agency (ends sessions)' }),
    divisionId: t.globalID({
      for: DivisionNode,
      required: false,
      description: 'Transfer (mutasi) to this division; null: none (ends sessions)',
    }),
  }),
});

const CreatedUser = builder.objectRef<{ userId: string; oneTimePassword: string }>('CreatedUser').implement({
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      resolve: (query, p, _a, ctx) => ctx.services.db.prisma.user.findUniqueOrThrow({ ...query, where: { id: p.userId } }),
    }),
    oneTimePassword: t.exposeString('oneTimePassword', {
      description: 'Shown only now: hand it to the person, who must replace it at first sign-in.',
    }),
  }),
});

const UsersFilter = builder.inputType('UsersFilter', {
  fields: (t) => ({
    agencyId: t.globalID({ for: AgencyNode, required: false }),
    divisionId: t.globalID({ for: DivisionNode, required: false }),
    role: t.field({ type: RoleEnum, required: false }),
    active: t.boolean({ required: false }),
    search: t.string({ required: false, description: 'Part of the name, email or NIP' }),
  }),
});

const ERRORS = { types: [InvalidInputError, NotFoundError] };
const MANAGERS = { role: ['ADMIN', 'COORDINATOR'] as Role[] };

function usersWhere(ctx: Context, f: typeof UsersFilter.$inferInput | null | undefined): Prisma.UserWhereInput {
  const v = ctx.viewer!;
  // Colleagues of one's own agency, and the regency's coordinators; the coordinator sees everyone.
  const scope: Prisma.UserWhereInput =
    v.kind === 'user' && v.role === 'COORDINATOR'
      ? {}
      : { OR: [{ agencyId: v.agencyId ?? '00000000-0000-0000-0000-000000000000' }, { role: 'COORDINATOR' }] };
  const s = f?.search?.trim();
  return {
    AND: [
      scope,
      f?.agencyId ? { agencyId: f.agencyId.id } : {},
      f?.divisionId ? { divisionId: f.divisionId.id } : {},
      f?.role ? { role: f.role } : {},
      f?.active != null ? { active: f.active } : {},
      s
        ? {
            OR: [
              { name: { contains: s, mode: 'insensitive' } },
              { email: { contains: s.toLowerCase() } },
              { nip: { contains: s.replace(/\s/g, '') } },
            ],
          }
        : {},
    ],
  };
}

builder.queryFields((t) => ({
  users: t.prismaConnection(
    {
      type: UserNode,
      cursor: 'id',
      maxSize: 200,
      description: 'Staff accounts you may see (your agency and the coordinators; every agency for a coordinator), by name.',
      authScopes: { signedIn: true },
      args: { filter: t.arg({ type: UsersFilter, required: false }) },
      totalCount: (_p, args, ctx) => ctx.services.db.prisma.user.count({ where: usersWhere(ctx, args.filter) }),
      resolve: (query, _p, args, ctx) =>
        ctx.services.db.prisma.user.findMany({ ...query, where: usersWhere(ctx, args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    },
    { name: 'UserConnection' },
    { name: 'UserEdge' },
  ),
}));

builder.mutationFields((t) => ({
  createUser: t.field({
    type: CreatedUser,
    description: 'Add a staff account with a one-time password. ADMIN: their own agency, never COORDINATOR.',
    authScopes: MANAGERS,
    errors: ERRORS,
    args: { input: t.arg({ type: CreateUserInput }) },
    resolve: async (_r, { input }, ctx) => {
      const { user, oneTimePassword } = await createUser(deps(ctx), {
        ...input,
        agencyId: input.agencyId?.id ?? null,
        divisionId: input.divisionId?.id ?? null,
      });
      return { userId: user.id, oneTimePassword: oneTimePassword! };
    },
  }),
  updateUser: t.prismaField({
    type: 'User',
    description: 'Change name, NIP, role or placement. A transfer keeps everything the person wrote before.',
    authScopes: MANAGERS,
    errors: ERRORS,
    args: { id: t.arg.globalID({ for: UserNode }), input: t.arg({ type: UpdateUserInput }) },
    resolve: (_q, _r, { id, input }, ctx) =>
      updateUser(deps(ctx), id.id, {
        name: input.name,
        nip: input.nip,
        role: input.role,
        agencyId: input.agencyId?.id,
        divisionId: input.divisionId === undefined ? undefined : (input.divisionId?.id ?? null),
      }),
  }),
  deactivateUser: t.prismaField({
    type: 'User',
    description: 'The person can no longer sign in; their tokens and live subscriptions end at once. Their history stays.',
    authScopes: MANAGERS,
    errors: ERRORS,
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_q, _r, { id }, ctx) => setUserActive(deps(ctx), id.id, false),
  }),
  reactivateUser: t.prismaField({
    type: 'User',
    authScopes: MANAGERS,
    errors: ERRORS,
    args: { id: t.arg.globalID({ for: UserNode }) },
    resolve: (_q, _r, { id }, ctx) => setUserActive(deps(ctx), id.id, true),
  }),
  resetUserPassword: t.field({
    type: CreatedUser,
    description: 'A new one-time password, shown once; the person’s sessions end and they must choose their own at next sign-in.',
    authScopes: MANAGERS,
    errors: ERRORS,
    args: {
      id: t.arg.globalID({ for: UserNode }),
      resetSecondFactor: t.arg.boolean({
        required: false,
        defaultValue: false,
        description: 'Also remove their authenticator app (lost phone)',
      }),
    },
    resolve: async (_r, { id, resetSecondFactor }, ctx) => {
      const { user, oneTimePassword } = await resetUserPassword(deps(ctx), id.id, { secondFactor: resetSecondFactor ?? false });
      return { userId: user.id, oneTimePassword };
    },
  }),
  changePassword: t.field({
    type: AuthPayload,
    description:
      'Choose a new password (12+ characters, not guessable, not built from your name or email). Ends every other session; returns a new token for this one.',
    authScopes: { account: true },
    errors: { types: [InvalidInputError] },
    args: { currentPassword: t.arg.string(), newPassword: t.arg.string() },
    resolve: async (_r, { currentPassword, newPassword }, ctx) => {
      const v = ctx.viewer!;
      if (v.kind !== 'user') throw new Error('unreachable');
      const user = await changePassword(deps(ctx), v.id, currentPassword, newPassword);
      const { token, expiresAt } = await ctx.services.tokens.issue(user.id, user.role, user.tokenVersion);
      return { token, expiresAt, userId: user.id, role: user.role as Role, name: user.name };
    },
  }),
  logoutEverywhere: t.boolean({
    description: 'Ends every session of yours (this one too): all your tokens answer UNAUTHENTICATED from now on.',
    authScopes: { account: true },
    resolve: async (_r, _a, ctx) => {
      const v = ctx.viewer!;
      if (v.kind !== 'user') throw new Error('unreachable');
      await logoutEverywhere(deps(ctx), v.id);
      return true;
    },
  }),
}));
