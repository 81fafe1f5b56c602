// Turns request credentials into a Viewer. A bad credential yields no viewer (then protected fields
// answer UNAUTHENTICATED); it never falls back to another identity.
import type { Role } from '../sop/vocabulary.js';
import type { AppServices } from '../services.js';
import { apiKeyMatches, parseApiKey } from './api-keys.js';
import { API_KEY_SCOPES, type AccountPending, type ApiKeyScope, type Viewer } from './viewer.js';

export interface Credentials {
  /** "Bearer <jwt>" or "ApiKey <key>" */
  authorization?: string | null;
  /** X-API-Key header or connection param */
  apiKey?: string | null;
}

export async function resolveViewer(services: AppServices, creds: Credentials): Promise<Viewer> {
  const auth = creds.authorization?.trim() ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  const apiKey = creds.apiKey?.trim() || /^ApiKey\s+(.+)$/i.exec(auth)?.[1];
  if (bearer) return userViewer(services, bearer);
  if (apiKey) return serviceViewer(services, apiKey);
  return null;
}

async function userViewer(services: AppServices, token: string): Promise<Viewer> {
  const verified = await services.tokens.verify(token);
  if (!verified) return null;
  return viewerForUser(services, verified.userId, verified.version);
}

/**
 * The viewer of an active user, as of now. With `version`: a token issued before the user's last
 * deactivation, role change, password change or logoutEverywhere is dead (checked on every request
 * and WebSocket connection). Signed download links re-check the user at download without one.
 */
export async function viewerForUser(services: AppServices, userId: string, version?: number): Promise<Viewer> {
  const user = await services.db.prisma.user.findUnique({ where: { id: userId } });
  if (!user?.active || (version !== undefined && user.tokenVersion !== version)) return null;
  return {
    kind: 'user',
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role as Role,
    agencyId: user.agencyId,
    divisionId: user.divisionId,
    pending: accountPending(user, services.config.secondFactorRoles),
  };
}

export function accountPending(
  user: { mustChangePassword: boolean; role: string; totpSecret: string | null },
  secondFactorRoles: readonly string[],
): AccountPending | null {
  if (user.mustChangePassword) return 'PASSWORD_CHANGE';
  if (secondFactorRoles.includes(user.role) && !user.totpSecret) return 'SECOND_FACTOR_ENROLMENT';
  return null;
}

async function serviceViewer(services: AppServices, key: string): Promise<Viewer> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  // Every request of another portal passes here: one plain SQL statement, no Prisma query compilation.
  const [row] = await services.db.query<{
    id: string;
    name: string;
    agencyId: string | null;
    scopes: string[];
    hash: string;
    revokedAt: unknown;
  }>('SELECT id, name, "agencyId", scopes, hash, "revokedAt" FROM "ApiKey" WHERE prefix = $1', [parsed.prefix]);
  if (!row || row.revokedAt || !apiKeyMatches(key, row.hash)) return null;
  return {
    kind: 'service',
    apiKeyId: row.id,
    name: row.name,
    agencyId: row.agencyId,
    scopes: row.scopes.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)),
  };
}
