// Configuration comes from the environment only, validated once at start-up. A bad value is a
// one-line message naming the variable; see .env.example for the full list.
import path from 'node:path';
import { loadSecurityConfig, parseTrustProxy, SecurityConfigError, type SecurityConfig, type TrustProxy } from './security/config.js';
import { type Env, envBool } from './env.js';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL connection string; when unset the service runs on embedded PGlite in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  /** Prefix of the Redis pub/sub channels: the same for every instance of one deployment. */
  redisChannelPrefix: string;
  /** null: generated once and kept in dataDir (embedded mode only). */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed demo data on an empty embedded database. */
  seedDemo: boolean;
  loginMaxFailures: number;
  /** Per client address; higher, since many staff can share one office NAT address. */
  loginMaxFailuresPerAddress: number;
  loginLockSeconds: number;
  registerNumberFormat: string;
  followUpWorkingDays: number;
  /** A pause (tunda) longer than this many working days raises a warning event. */
  pauseMaxWorkingDays: number;
  /** The most working days a head may extend the follow-up clock by (once per round). */
  followUpExtensionMaxWorkingDays: number;
  autoCloseWorkingDays: number;
  ombudsmanLength: number;
  ombudsmanUnit: 'CALENDAR_DAYS' | 'WORKING_DAYS';
  deadlineWarningWorkingDays: number;
  sweepIntervalSeconds: number;
  /** Which X-Forwarded-For hops to trust for the client address (behind load balancers). */
  trustProxy: TrustProxy;
  /** Operation limits, rate limits, subscription caps, CORS (src/security/). */
  security: SecurityConfig;
  /** On SIGTERM, keep serving this long with /readyz at 503 so a load balancer stops routing first. */
  shutdownGraceSeconds: number;
  /** Roles that must sign in with a second factor (TOTP); they enrol at their next sign-in. */
  secondFactorRoles: readonly ('COORDINATOR' | 'ADMIN' | 'HEAD')[];
  /** Where `db:backup` and scheduled backups write (and whose newest file /readyz and metrics report). */
  backupDir: string;
  /** Scheduled backups inside the service every this many hours; 0: none. */
  backupIntervalHours: number;
  /** Scheduled backups kept in backupDir (older ones deleted). */
  backupKeep: number;
  /** /metrics on the main port requires `Authorization: Bearer <token>`; null: not served there. */
  metricsToken: string | null;
  /** /metrics on its own port (no token unless metricsToken is set too); null: no separate port. */
  metricsPort: number | null;
  /** How long the database-backed gauges (complaints, overdue, sweeper lag) are reused between scrapes. */
  metricsCacheSeconds: number;
  /** Lifetime of cached status reads (invalidated by every committed change anyway); 0: no cache. */
  statusCacheSeconds: number;
  /** Open311 GeoReport v2 (/open311/v2/): false = public status fields; true = a READ_COMPLAINTS API key. */
  open311RequireApiKey: boolean;
  /** Open311 requests per client address per minute. */
  open311RequestsPerMinute: number;
  /** Outbox dispatcher (src/outbox/): how often it looks for work besides being woken by a commit. */
  outboxPollMs: number;
  /** Delivered outbox events, webhook deliveries and sent e-mails are deleted after this many days. */
  outboxRetentionDays: number;
  /** Test hook: the dispatcher starts this long after start-up (a crash test kills the process first). */
  outboxDispatchDelayMs: number;
  /** Webhook URLs may point at loopback/private addresses (tests, an intranet receiver). */
  webhookAllowPrivateUrls: boolean;
  webhookTimeoutMs: number;
  /** smtp:// or smtps:// URL; null: no e-mail is sent (nor queued). */
  smtpUrl: string | null;
  smtpFrom: string;
  /** Where staff open a complaint: `<consoleUrl>/complaints/<id>` in every e-mail. */
  consoleUrl: string;
  /** Local hour (agency time zone, Asia/Jakarta) at which daily digests go out. */
  emailDigestHour: number;
}

export class ConfigError extends Error {}

function hourOfDay(env: Env, name: string, fallback: number): number {
  const n = positiveInt(env, name, fallback, { allowZero: true });
  if (n > 23) throw new ConfigError(`${name}=${n} is invalid: expected an hour 0-23`);
  return n;
}

function positiveInt(env: Env, name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new ConfigError(`${name}=${raw} is invalid: expected a whole number ${allowZero ? '>= 0' : '> 0'}`);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}=${raw} is invalid: expected one of ${values.join(', ')}`);
  }
  return raw as T;
}

const bool = (env: Env, name: string, fallback: boolean) => envBool(env, name, fallback, (m) => new ConfigError(m));

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is invalid: expected a URL like ${protocols[0]}//host:port/...`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} is invalid: expected a ${protocols.join(' or ')} URL`);
  }
  return raw;
}

/** A comma-separated subset of `allowed` (empty: none). */
function roleList<T extends string>(env: Env, name: string, allowed: readonly T[]): T[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const items = raw.split(',').map((s) => s.trim().toUpperCase());
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length > 0) throw new ConfigError(`${name}=${raw} is invalid: expected a comma-separated list of ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

function channelPrefix(env: Env): string {
  const raw = env.REDIS_CHANNEL_PREFIX;
  if (raw === undefined || raw === '') return 'tuntas:';
  if (!/^[\w.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(`REDIS_CHANNEL_PREFIX=${raw} is invalid: expected up to 64 letters, digits, . _ : -`);
  }
  return raw;
}

function securityPart<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw err instanceof SecurityConfigError ? new ConfigError(err.message) : err;
  }
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name}=${raw} is invalid: expected a number >= 0`);
  return n;
}

function metricsToken(env: Env): string | null {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16) throw new ConfigError('METRICS_TOKEN is invalid: expected at least 16 characters');
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgresql:', 'postgres:']);
  const jwtSecret = env.JWT_SECRET || null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET is invalid: expected at least 32 characters');
  }
  if (jwtSecret === null && databaseUrl !== null) {
    // Several instances must share one secret; a per-instance generated one would break logins.
    throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set: expected at least 32 characters');
  }
  const registerNumberFormat = env.REGISTER_NUMBER_FORMAT || '{seq:4}/LAPOR/{code}/{year}';
  if (!/\{seq(:\d+)?\}/.test(registerNumberFormat)) {
    throw new ConfigError('REGISTER_NUMBER_FORMAT is invalid: expected a {seq} or {seq:N} token');
  }
  return {
    nodeEnv,
    host: env.HOST || '0.0.0.0',
    port: positiveInt(env, 'PORT', 4000, { allowZero: true }),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisChannelPrefix: channelPrefix(env),
    jwtSecret,
    jwtTtlSeconds: positiveInt(env, 'JWT_TTL_SECONDS', 8 * 3600),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    seedDemo: nodeEnv !== 'production' && bool(env, 'SEED_DEMO', true),
    loginMaxFailures: positiveInt(env, 'LOGIN_MAX_FAILURES', 5),
    loginMaxFailuresPerAddress: positiveInt(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 30),
    loginLockSeconds: positiveInt(env, 'LOGIN_LOCK_SECONDS', 15 * 60),
    registerNumberFormat,
    followUpWorkingDays: positiveInt(env, 'FOLLOW_UP_WORKING_DAYS', 5),
    pauseMaxWorkingDays: positiveInt(env, 'PAUSE_MAX_WORKING_DAYS', 10),
    followUpExtensionMaxWorkingDays: positiveInt(env, 'FOLLOW_UP_EXTENSION_MAX_WORKING_DAYS', 7),
    autoCloseWorkingDays: positiveInt(env, 'AUTO_CLOSE_WORKING_DAYS', 10),
    ombudsmanLength: positiveInt(env, 'OMBUDSMAN_LENGTH', 60),
    ombudsmanUnit: oneOf(env, 'OMBUDSMAN_UNIT', ['CALENDAR_DAYS', 'WORKING_DAYS'] as const, 'CALENDAR_DAYS'),
    deadlineWarningWorkingDays: positiveInt(env, 'DEADLINE_WARNING_WORKING_DAYS', 1),
    sweepIntervalSeconds: positiveInt(env, 'SWEEP_INTERVAL_SECONDS', 60),
    trustProxy: securityPart(() => parseTrustProxy(env.TRUST_PROXY)),
    security: securityPart(() => loadSecurityConfig(env, nodeEnv === 'production')),
    shutdownGraceSeconds: positiveInt(env, 'SHUTDOWN_GRACE_SECONDS', 0, { allowZero: true }),
    secondFactorRoles: roleList(env, 'REQUIRE_SECOND_FACTOR_ROLES', ['COORDINATOR', 'ADMIN', 'HEAD'] as const),
    backupDir: path.resolve(env.BACKUP_DIR || './backups'),
    backupIntervalHours: nonNegativeNumber(env, 'BACKUP_INTERVAL_HOURS', 0),
    backupKeep: positiveInt(env, 'BACKUP_KEEP', 14),
    metricsToken: metricsToken(env),
    metricsPort: env.METRICS_PORT ? positiveInt(env, 'METRICS_PORT', 0, { allowZero: true }) : null,
    metricsCacheSeconds: positiveInt(env, 'METRICS_CACHE_SECONDS', 15, { allowZero: true }),
    statusCacheSeconds: positiveInt(env, 'STATUS_CACHE_SECONDS', 60, { allowZero: true }),
    open311RequireApiKey: bool(env, 'OPEN311_REQUIRE_API_KEY', false),
    open311RequestsPerMinute: positiveInt(env, 'OPEN311_REQUESTS_PER_MINUTE', 60),
    outboxPollMs: positiveInt(env, 'OUTBOX_POLL_MS', 1000),
    outboxRetentionDays: positiveInt(env, 'OUTBOX_RETENTION_DAYS', 14),
    outboxDispatchDelayMs: positiveInt(env, 'OUTBOX_DISPATCH_DELAY_MS', 0, { allowZero: true }),
    webhookAllowPrivateUrls: bool(env, 'WEBHOOK_ALLOW_PRIVATE_URLS', false),
    webhookTimeoutMs: positiveInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: env.SMTP_FROM || 'tuntas <no-reply@tuntas.invalid>',
    consoleUrl: (env.CONSOLE_URL || 'http://localhost:4000/console').replace(/\/+$/, ''),
    emailDigestHour: hourOfDay(env, 'EMAIL_DIGEST_HOUR', 7),
  };
}
