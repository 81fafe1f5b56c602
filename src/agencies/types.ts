// Agency (OPD), Division (bidang/seksi) and User as graph nodes. Service clients see none of them
// beyond an agency's name (through complaint status).
import DataLoader from 'dataloader';
import { ROLES } from '../sop/vocabulary.js';
import type { User } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { uuidOrNil } from '../graphql/ids.js';

export const RoleEnum = builder.enumType('Role', {
  values: ROLES,
  description:
    'COORDINATOR: regency LAPOR! admin team; ADMIN: agency LAPOR! administrator; LIAISON: penghubung; HEAD: Kepala Dinas; DIVISION: staff of one bidang/seksi; AUDITOR: read-only.',
});

const staff = { signedIn: true } as const;

/** The agencies a viewer may see, as for `agencies`: their own (the coordinator: every one). */
function ownAgency(viewer: Context['viewer']): string | null {
  if (viewer?.kind !== 'user') return uuidOrNil('');
  return viewer.role === 'COORDINATOR' ? null : uuidOrNil(viewer.agencyId ?? '');
}

export const AgencyNode = builder.prismaNode('Agency', {
  id: { field: 'id' },
  authScopes: { signedIn: true },
  nullable: true,
  // node(id) follows the same visibility as `agencies`: another agency is null.
  findUnique: (id, ctx) => {
    const own = ownAgency(ctx.viewer);
    return { id: uuidOrNil(id), ...(own ? { AND: [{ id: own }] } : {}) } as never;
  },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    regency: t.exposeString('regency'),
    timeZone: t.exposeString('timeZone'),
    divisions: t.relation('divisions', { query: { orderBy: { code: 'asc' } } }),
  }),
});

export const DivisionNode = builder.prismaNode('Division', {
  id: { field: 'id' },
  authScopes: staff,
  nullable: true,
  findUnique: (id, ctx) => {
    const own = ownAgency(ctx.viewer);
    return { id: uuidOrNil(id), ...(own ? { agencyId: own } : {}) } as never;
  },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    agency: t.relation('agency'),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children'),
  }),
});

/** A user's colleagues: their own agency (the coordinator sees every agency's staff). */
function userScope(viewer: Context['viewer']) {
  if (viewer?.kind !== 'user') return { id: { in: [] as string[] } };
  if (viewer.role === 'COORDINATOR') return {};
  return { OR: [{ agencyId: viewer.agencyId ?? undefined }, { role: 'COORDINATOR' as const }] };
}

export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  // `account`: a user who must first replace a one-time password still sees themselves (`me`).
  authScopes: { signedIn: true, account: true },
  nullable: true,
  // node(id) of another agency's staff is null, like any row the caller may not see.
  findUnique: (id, ctx) => ({ id: uuidOrNil(id), ...userScope(ctx.viewer) }) as never,
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    nip: t.exposeString('nip', { nullable: true, description: 'Nomor Induk Pegawai' }),
    role: t.expose('role', { type: RoleEnum }),
    agency: t.relation('agency', { nullable: true }),
    division: t.relation('division', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  agencies: t.prismaField({
    type: ['Agency'],
    description: 'The agencies of the regency (a non-coordinator sees only their own).',
    authScopes: staff,
    resolve: (query, _root, _args, ctx) => {
      const v = ctx.viewer!;
      const own = v.kind === 'user' && v.role !== 'COORDINATOR' ? { id: v.agencyId ?? '' } : {};
      return ctx.services.db.prisma.agency.findMany({ ...query, where: own, orderBy: { name: 'asc' } });
    },
  }),
}));

const userLoaders = new WeakMap<Context, DataLoader<string, User | null>>();

/**
 * One loader per request for every "who did it" column, so a page costs one user query in all. People
 * the viewer may not see (another agency's staff, after a dispatch) are null, as node(id) would be.
 */
function usersOf(ctx: Context): DataLoader<string, User | null> {
  let loader = userLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rows = await ctx.services.db.prisma.user.findMany({ where: { AND: [{ id: { in: [...ids] } }, userScope(ctx.viewer)] } });
      const byId = new Map(rows.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    userLoaders.set(ctx, loader);
  }
  return loader;
}

/**
 * Options for a "who did it" field whose column is a plain user id (disposedById, formulatedById...):
 * `t.field(userById((row) => row.disposedById))`.
 */
export function userById<P>(key: (parent: P) => string | null) {
  return {
    type: UserNode,
    nullable: true as const,
    resolve: (parent: P, _args: object, ctx: Context) => {
      const id = key(parent);
      return id ? usersOf(ctx).load(id) : null;
    },
  };
}
