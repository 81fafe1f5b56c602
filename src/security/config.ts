// Security settings from the environment: operation limits, rate limits, subscription caps, CORS and
// trusted proxies. Parsed once at start-up by loadConfig; a bad value names its variable.
import { isIP } from 'node:net';
import { type Env, envBool } from '../env.js';

export class SecurityConfigError extends Error {}

/** Limits on one GraphQL operation, checked before it runs. */
export interface OperationLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  /** Estimated cost: 1 per field, lists multiplied by their page size (see src/security/limits.ts). */
  cost: number;
}

export interface SecurityConfig {
  /** Anonymous callers and API keys (other portals). */
  publicLimits: OperationLimits;
  /** Signed-in staff (GraphiQL and the staff front end send bigger queries). */
  staffLimits: OperationLimits;
  /** Largest request body accepted (Content-Length); larger: 413 before anything is read. */
  maxBodyBytes: number;
  /** A running operation is answered with TIMEOUT after this long. */
  executionTimeoutMs: number;
  /** Operations per minute per client address (anonymous and signed-in alike). */
  rateLimitPerAddress: number;
  /** Operations per minute per API key. */
  rateLimitPerApiKey: number;
  /** Expensive operations (login, reports, exports) per minute per user or address. */
  rateLimitExpensive: number;
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerAddress: number;
  maxSubscriptionsPerApiKey: number;
  /** Origins allowed to call the API from a browser (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Introspection for anonymous callers and API keys (always allowed to signed-in staff). */
  publicIntrospection: boolean;
  /** "Did you mean ...?" suggestions in validation errors. */
  fieldSuggestions: boolean;
}

/** false: the socket's address; a number: that many proxies in front; a list: those proxies' addresses. */
export type TrustProxy = false | number | string[];

function int(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new SecurityConfigError(`${name}=${raw} is invalid: expected a whole number >= ${min}`);
  return n;
}

function limits(env: Env, suffix: string, fallback: OperationLimits): OperationLimits {
  return {
    depth: int(env, `QUERY_MAX_DEPTH${suffix}`, fallback.depth),
    aliases: int(env, `QUERY_MAX_ALIASES${suffix}`, fallback.aliases, 0),
    directives: int(env, `QUERY_MAX_DIRECTIVES${suffix}`, fallback.directives, 0),
    tokens: int(env, `QUERY_MAX_TOKENS${suffix}`, fallback.tokens),
    cost: int(env, `QUERY_MAX_COST${suffix}`, fallback.cost),
  };
}

/** Close to GraphQL Armor's defaults; the largest SDK operation fits (test/security/limits.test.ts). */
export const PUBLIC_LIMITS: OperationLimits = { depth: 7, aliases: 15, directives: 50, tokens: 1000, cost: 5000 };
/** Staff: the largest staff query (GraphiQL, complaint page with history and follow-ups) fits with room. */
export const STAFF_LIMITS: OperationLimits = { depth: 10, aliases: 30, directives: 50, tokens: 4000, cost: 50_000 };

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw === '' || /^(false|no|0)$/i.test(raw)) return false;
  // "true" keeps its old meaning for one load balancer in front: the address it saw, not the client's claim.
  if (/^(true|yes)$/i.test(raw)) return 1;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [addr, bits] = entry.split('/');
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr!) === 6 ? 128 : 32));
    if (!['loopback', 'linklocal', 'uniquelocal'].includes(entry) && (!isIP(addr!) || !okBits)) {
      throw new SecurityConfigError(
        `TRUST_PROXY=${raw} is invalid: expected false, a number of proxies, or a comma-separated list of proxy addresses/CIDRs`,
      );
    }
  }
  return list;
}

function origins(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o) => {
      let u: URL;
      try {
        u = new URL(o);
      } catch {
        throw new SecurityConfigError(
          `CORS_ORIGINS is invalid: expected comma-separated origins like https://portal.example.go.id, not ${o}`,
        );
      }
      if (u.origin !== o.replace(/\/$/, ''))
        throw new SecurityConfigError(`CORS_ORIGINS is invalid: expected origins (scheme://host[:port]), not ${o}`);
      return u.origin;
    });
}

const bool = (env: Env, name: string, fallback: boolean) => envBool(env, name, fallback, (m) => new SecurityConfigError(m));

export function loadSecurityConfig(env: Env, production: boolean): SecurityConfig {
  return {
    publicLimits: limits(env, '', PUBLIC_LIMITS),
    staffLimits: limits(env, '_STAFF', STAFF_LIMITS),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 256 * 1024),
    executionTimeoutMs: int(env, 'EXECUTION_TIMEOUT_MS', 10_000),
    rateLimitPerAddress: int(env, 'RATE_LIMIT_PER_ADDRESS', 300),
    rateLimitPerApiKey: int(env, 'RATE_LIMIT_PER_API_KEY', 600),
    rateLimitExpensive: int(env, 'RATE_LIMIT_EXPENSIVE', 30),
    maxSubscriptionsPerConnection: int(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20),
    maxSubscriptionsPerAddress: int(env, 'MAX_SUBSCRIPTIONS_PER_ADDRESS', 100),
    maxSubscriptionsPerApiKey: int(env, 'MAX_SUBSCRIPTIONS_PER_API_KEY', 200),
    corsOrigins: origins(env.CORS_ORIGINS),
    publicIntrospection: bool(env, 'PUBLIC_INTROSPECTION', !production),
    fieldSuggestions: bool(env, 'FIELD_SUGGESTIONS', !production),
  };
}
