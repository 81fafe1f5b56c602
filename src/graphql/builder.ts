// The one Pothos builder. Plugin order matters: scope-auth wraps everything after it.
import SchemaBuilder, { PothosValidationError } from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { ApiKeyScope } from '../auth/viewer.js';
import type { Role } from '../sop/vocabulary.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Context } from './context.js';

export interface AuthScopes {
  /** Anyone, signed in or not: only for data meant for the public. */
  public: boolean;
  /** Any signed-in civil servant. */
  signedIn: boolean;
  /**
   * A signed-in user, even one who must first change a one-time password or enrol a second factor
   * (signedIn and role are closed to them until then): their own account's operations only.
   */
  account: boolean;
  /** A signed-in user whose role is one of these. */
  role: Role[];
  /** A service client (another portal) whose API key carries this scope. */
  service: ApiKeyScope;
}

const NODE_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,19})$/i;

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    File: { Input: File; Output: never };
    ID: { Input: string; Output: string | number | bigint };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => {
      const v = ctx.viewer;
      return {
        public: true,
        signedIn: v?.kind === 'user' && !v.pending,
        account: v?.kind === 'user',
        role: (roles: Role[]) => v?.kind === 'user' && !v.pending && roles.includes(v.role),
        service: (scope: ApiKeyScope) => v?.kind === 'service' && v.scopes.includes(scope),
      };
    },
    // No viewer: UNAUTHENTICATED; a viewer without the right: FORBIDDEN. Nothing runs in either case.
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer?.kind === 'user' && ctx.viewer.pending
        ? new GraphQLError(
            ctx.viewer.pending === 'PASSWORD_CHANGE'
              ? 'Choose your own password first (changePassword): this one was given to you once'
              : 'Your role requires a second factor: enrol one first (beginSecondFactorEnrolment)',
            { extensions: { code: 'FORBIDDEN', pending: ctx.viewer.pending } },
          )
        : ctx.viewer
          ? new GraphQLError('You are not allowed to do this', { extensions: { code: 'FORBIDDEN' } })
          : new GraphQLError('Sign in first (missing, invalid or expired token)', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } },
            }),
  },
  errors: {
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  prisma: {
    client: (ctx) => ctx.services.db.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    // Every node's id is a UUID or a sequence number. Anything else inside a well-formed global ID is
    // the client's mistake (INVALID_INPUT), not a database cast error surfacing as a 500.
    decodeGlobalID: (globalID) => {
      const decoded = decodeGlobalID(globalID);
      if (!NODE_ID.test(decoded.id)) throw new PothosValidationError(`Invalid global ID: ${globalID}`);
      return decoded;
    },
    cursorType: 'String',
    // Each node type still applies its own visibility; these only close the door to anonymous callers.
    nodeQueryOptions: { authScopes: { signedIn: true } },
    nodesQueryOptions: { authScopes: { signedIn: true } },
  },
});
