// Login with lockout. Attempts are counted per account and per client address in the database, so
// every instance behind the load balancer sees the same counts.
import type { PrismaClient } from '../db/database.js';
import type { Clock } from '../clock.js';
import { LoginFailedError, RateLimitedError } from '../errors.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password.js';

export interface ThrottlePolicy {
  maxFailures: number;
  maxFailuresPerAddress: number;
  lockSeconds: number;
}

function throttleKeys(email: string, clientAddress: string) {
  return [`account:${email}`, `ip:${clientAddress}`];
}

/**
 * Counts this attempt for `key` before the password is checked, in one statement, so N parallel
 * guesses count as N on every instance. Returns the seconds to wait when the key is locked or the
 * attempt is one too many (which locks it), else 0.
 */
export async function countAttempt(prisma: PrismaClient, key: string, now: Date, policy: ThrottlePolicy): Promise<number> {
  const max = key.startsWith('ip:') ? policy.maxFailuresPerAddress : policy.maxFailures;
  const windowStart = new Date(now.getTime() - policy.lockSeconds * 1000);
  const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
  // A lock in force stays; an expired lock or window starts a new count; otherwise one more attempt.
  // More attempts than allowed lock the key (the attempt that crosses the limit is refused).
  const rows = await prisma.$queryRaw<{ lockedUntil: Date | null }[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "updatedAt")
    VALUES (${key}, 1, ${now}, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE
        WHEN "LoginThrottle"."lockedUntil" > ${now} THEN "LoginThrottle"."failures"
        WHEN "LoginThrottle"."lockedUntil" IS NOT NULL OR "LoginThrottle"."windowStart" < ${windowStart} THEN 1
        ELSE "LoginThrottle"."failures" + 1 END,
      "windowStart" = CASE
        WHEN "LoginThrottle"."lockedUntil" > ${now} THEN "LoginThrottle"."windowStart"
        WHEN "LoginThrottle"."lockedUntil" IS NOT NULL OR "LoginThrottle"."windowStart" < ${windowStart} THEN ${now}
        ELSE "LoginThrottle"."windowStart" END,
      "lockedUntil" = CASE
        WHEN "LoginThrottle"."lockedUntil" > ${now} THEN "LoginThrottle"."lockedUntil"
        WHEN "LoginThrottle"."lockedUntil" IS NULL AND "LoginThrottle"."windowStart" >= ${windowStart}
          AND "LoginThrottle"."failures" + 1 > ${max} THEN ${lockUntil}::timestamp(3)
        ELSE NULL END,
      "updatedAt" = ${now}
    RETURNING "lockedUntil"`;
  const until = rows[0]?.lockedUntil?.getTime() ?? 0;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts one attempt on every key (before any secret is checked); throws RATE_LIMITED when locked. */
export async function countAttempts(prisma: PrismaClient, keys: string[], now: Date, policy: ThrottlePolicy): Promise<void> {
  let wait = 0;
  for (const key of keys) wait = Math.max(wait, await countAttempt(prisma, key, now, policy));
  if (wait > 0) throw new RateLimitedError(wait);
}

export async function authenticatePassword(
  prisma: PrismaClient,
  clock: Clock,
  policy: ThrottlePolicy,
  input: { email: string; password: string; clientAddress: string },
) {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.clientAddress);
  const now = clock.now();
  // Count first, verify after: a lock can never be raced past by parallel guesses.
  await countAttempts(prisma, keys, now, policy);
  const user = await prisma.user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !user.active) throw new LoginFailedError();
  // A success clears the account's count and takes this attempt back from the address's.
  await prisma.loginThrottle.deleteMany({ where: { key: keys[0] } });
  await prisma.$executeRaw`
    UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0), "updatedAt" = ${now}
    WHERE "key" = ${keys[1]} AND "lockedUntil" IS NULL`;
  return user;
}
