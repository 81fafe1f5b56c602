// Login with lockout. Failures are counted per account and per client address in the database, so
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

export async function assertNotLocked(prisma: PrismaClient, keys: string[], now: Date) {
  const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  if (until > now.getTime()) throw new RateLimitedError(Math.ceil((until - now.getTime()) / 1000));
}

export async function recordFailure(prisma: PrismaClient, key: string, now: Date, policy: ThrottlePolicy) {
  const max = key.startsWith('ip:') ? policy.maxFailuresPerAddress : policy.maxFailures;
  const windowStart = new Date(now.getTime() - policy.lockSeconds * 1000);
  // One statement, so concurrent failures on several instances are all counted.
  await prisma.$executeRaw`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "updatedAt")
    VALUES (${key}, 1, ${now}, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."windowStart" < ${windowStart} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < ${windowStart} THEN ${now} ELSE "LoginThrottle"."windowStart" END,
      "updatedAt" = ${now}`;
  await prisma.loginThrottle.updateMany({
    where: { key, failures: { gte: max } },
    data: { lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000), failures: 0, windowStart: now },
  });
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
  await assertNotLocked(prisma, keys, now);
  const user = await prisma.user.findUnique({ where: { email } });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !user.active) {
    for (const key of keys) await recordFailure(prisma, key, now, policy);
    throw new LoginFailedError();
  }
  await prisma.loginThrottle.deleteMany({ where: { key: keys[0] } });
  return user;
}
