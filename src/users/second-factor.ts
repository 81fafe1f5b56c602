// Two-factor sign-in with TOTP (RFC 6238, otplib): enrol (a secret shown once as an otpauth:// URI,
// confirmed with a first code), verify at sign-in (each time step accepted once), recovery codes
// (shown once, kept as SHA-256: they carry 80 random bits, so a slow hash buys nothing), disable.
import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { User } from '../generated/prisma/client.js';
import { verifyPassword } from '../auth/password.js';
import { recordAdminEvent } from '../audit/events.js';
import { InvalidInputError } from '../errors.js';
import type { AdminDeps } from './users.js';

const ISSUER = 'tuntas LAPOR!';
const PERIOD = 30;
const RECOVERY_CODES = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normaliseRecovery = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

function recoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const hex = randomBytes(10).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5, 10)}-${hex.slice(10, 15)}-${hex.slice(15)}`;
  });
}

export async function beginEnrolment(deps: AdminDeps, userId: string): Promise<{ secret: string; uri: string }> {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.totpSecret)
    throw new InvalidInputError([{ field: 'secondFactor', message: 'is already enabled: disable it first to enrol a new device' }]);
  const secret = generateSecret();
  await deps.prisma.user.update({ where: { id: userId }, data: { totpPendingSecret: secret } });
  return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret, period: PERIOD }) };
}

/** The time step a code matches, after the last one used; null when it does not match. */
async function matchingStep(secret: string, code: string, lastStep: number | null, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  try {
    const r = await verify({ secret, token: code, epoch, period: PERIOD, epochTolerance: PERIOD, afterTimeStep: lastStep ?? undefined });
    return r.valid ? Math.floor(epoch / PERIOD) + r.delta : null;
  } catch {
    return null;
  }
}

export async function confirmEnrolment(deps: AdminDeps, userId: string, code: string, now: Date): Promise<string[]> {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!user.totpPendingSecret)
    throw new InvalidInputError([{ field: 'code', message: 'start the enrolment first (beginSecondFactorEnrolment)' }]);
  const step = await matchingStep(user.totpPendingSecret, code.trim(), null, now);
  if (step === null) throw new InvalidInputError([{ field: 'code', message: 'is not the current code of the authenticator app' }]);
  const codes = recoveryCodes();
  await deps.prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: {
        totpSecret: user.totpPendingSecret,
        totpPendingSecret: null,
        totpLastStep: step,
        totpRecoveryHashes: codes.map((c) => sha256(normaliseRecovery(c))),
      },
    });
    await recordAdminEvent(tx, deps.actor, { action: 'SECOND_FACTOR_ENABLED', agencyId: user.agencyId, entity: 'User', entityId: userId });
  });
  return codes;
}

/**
 * Checks a TOTP code (each time step once, even across instances: the step is claimed with a
 * conditional update) or a recovery code (used up). Returns whether it was accepted.
 */
export async function verifySecondFactor(prisma: AdminDeps['prisma'], user: User, code: string, now: Date): Promise<boolean> {
  if (!user.totpSecret) return false;
  const trimmed = code.trim();
  const step = await matchingStep(user.totpSecret, trimmed, user.totpLastStep, now);
  if (step !== null) {
    const claimed = await prisma.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return claimed.count === 1;
  }
  const hash = sha256(normaliseRecovery(trimmed));
  if (!user.totpRecoveryHashes.includes(hash)) return false;
  const remaining = user.totpRecoveryHashes.filter((h) => h !== hash);
  // Conditional on the list being unchanged, so one recovery code cannot be used twice at once.
  const used = await prisma.user.updateMany({
    where: { id: user.id, totpRecoveryHashes: { equals: user.totpRecoveryHashes } },
    data: { totpRecoveryHashes: remaining },
  });
  return used.count === 1;
}

export async function disableSecondFactor(
  deps: AdminDeps,
  userId: string,
  currentPassword: string,
  requiredRoles: readonly string[],
): Promise<void> {
  const user = await deps.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new InvalidInputError([{ field: 'currentPassword', message: 'is not your current password' }]);
  }
  if (requiredRoles.includes(user.role)) {
    throw new InvalidInputError([{ field: 'secondFactor', message: `is required for ${user.role}: enrol a new device instead` }]);
  }
  if (!user.totpSecret) return;
  await deps.prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: null, totpPendingSecret: null, totpLastStep: null, totpRecoveryHashes: [] },
    });
    await recordAdminEvent(tx, deps.actor, { action: 'SECOND_FACTOR_DISABLED', agencyId: user.agencyId, entity: 'User', entityId: userId });
  });
}
