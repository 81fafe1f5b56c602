// `viewer`: who the caller is, for every kind of caller (a signed-in user, another portal's API key,
// or nobody). A portal checks its key's scopes and agency with it; `me` stays the user's own record.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { RoleEnum } from '../agencies/types.js';
import type { Role } from '../sop/vocabulary.js';
import { builder } from '../graphql/builder.js';
import { ApiKeyScopeEnum } from './graphql.js';
import type { ApiKeyScope } from './viewer.js';

const ViewerKindEnum = builder.enumType('ViewerKind', {
  values: ['USER', 'API_KEY', 'ANONYMOUS'] as const,
  description:
    'USER: signed in with a token; API_KEY: another portal’s key; ANONYMOUS: no credential (an invalid, expired or revoked one is refused as UNAUTHENTICATED).',
});

interface ViewerInfo {
  kind: 'USER' | 'API_KEY' | 'ANONYMOUS';
  name: string | null;
  role: Role | null;
  scopes: ApiKeyScope[];
  agencyId: string | null;
}

const ViewerType = builder.objectRef<ViewerInfo>('Viewer').implement({
  description: 'The caller as the service sees it. Never personal data beyond a signed-in user’s own name.',
  fields: (t) => ({
    kind: t.field({ type: ViewerKindEnum, resolve: (v) => v.kind }),
    name: t.string({ nullable: true, description: 'The user’s name, or the API key’s label', resolve: (v) => v.name }),
    role: t.field({ type: RoleEnum, nullable: true, description: 'USER only', resolve: (v) => v.role }),
    scopes: t.field({ type: [ApiKeyScopeEnum], description: 'API_KEY only; empty otherwise', resolve: (v) => v.scopes }),
    agencyId: t.id({
      nullable: true,
      description: 'Global ID of the caller’s agency; null for the coordinator, a regency-wide key or anonymous',
      resolve: (v) => (v.agencyId ? encodeGlobalID('Agency', v.agencyId) : null),
    }),
    agencyName: t.string({
      nullable: true,
      resolve: async (v, _a, ctx) =>
        v.agencyId
          ? ((await ctx.services.db.prisma.agency.findUnique({ where: { id: v.agencyId }, select: { name: true } }))?.name ?? null)
          : null,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerType,
    description: 'Who you are: kind, role (users), scopes (API keys) and agency. Works without credentials (ANONYMOUS).',
    authScopes: { public: true },
    resolve: (_r, _a, ctx): ViewerInfo => {
      const v = ctx.viewer;
      if (v?.kind === 'user') return { kind: 'USER', name: v.name, role: v.role, scopes: [], agencyId: v.agencyId };
      if (v?.kind === 'service') return { kind: 'API_KEY', name: v.name, role: null, scopes: v.scopes, agencyId: v.agencyId };
      return { kind: 'ANONYMOUS', name: null, role: null, scopes: [], agencyId: null };
    },
  }),
);
