// Staff accounts: create, update (name, NIP, role, placement — a transfer, mutasi, keeps every row
// the person wrote, which point at the person, not their post), deactivate/reactivate, reset or
// change a password, log out everywhere. Each change writes an AdminEvent in its transaction; a
// change that must end the person's sessions raises their tokenVersion and, after commit, reports
// the revocation (every instance then ends their live subscriptions).
import type { User } from '../generated/prisma/client.js';
import type { PrismaClient } from '../db/database.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { recordAdminEvent, userSnapshot, type AdminActor } from '../audit/events.js';
import { ROLES, type Role } from '../sop/vocabulary.js';
import { InputChecker, InvalidInputError, NotFoundError, type FieldIssue } from '../errors.js';
import { isUuid } from '../uuid.js';
import { isRegencyAdministrator, reachesAgency } from '../organisation/rules.js';
import type { CredentialsRevoked } from '../realtime/events.js';
import { nipProblem, normaliseNip } from './nip.js';
import { generateOneTimePassword } from './one-time-password.js';
import { passwordProblem } from './password-policy.js';

export interface AdminDeps {
  prisma: PrismaClient;
  actor: AdminActor;
  /** Called after the transaction commits, for each account whose sessions just ended. */
  revoked?: (notice: CredentialsRevoked) => unknown;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Serialises changes that could leave the regency without an active coordinator. */
async function lockCoordinators(tx: Tx) {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(7206001)::text`;
}

async function assertAnotherActiveCoordinator(tx: Tx, userId: string, field: string) {
  await lockCoordinators(tx);
  const others = await tx.user.count({ where: { role: 'COORDINATOR', active: true, id: { not: userId } } });
  if (others === 0) {
    throw new InvalidInputError([{ field, message: 'this is the last active COORDINATOR: appoint another one first' }]);
  }
}

/** A user the actor may administer, or NOT_FOUND (another agency's staff, or a coordinator for an ADMIN). */
async function loadManaged(prisma: PrismaClient, actor: AdminActor, id: string): Promise<User> {
  const user = isUuid(id) ? await prisma.user.findUnique({ where: { id } }) : null;
  if (!user) throw new NotFoundError('User', id);
  if (isRegencyAdministrator(actor)) return user;
  if (user.role === 'COORDINATOR' || !reachesAgency(actor, user.agencyId)) throw new NotFoundError('User', id);
  return user;
}

interface Placement {
  role: Role;
  agencyId: string | null;
  divisionId: string | null;
}

/** Whether the actor may give someone this role in this agency and division; issues name the field. */
async function placementIssues(prisma: PrismaClient, actor: AdminActor, p: Placement): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (p.role === 'COORDINATOR') {
    if (!isRegencyAdministrator(actor)) issues.push({ field: 'role', message: 'only a COORDINATOR can grant the COORDINATOR role' });
    if (p.agencyId) issues.push({ field: 'agencyId', message: 'a COORDINATOR serves the whole regency: leave the agency empty' });
    if (p.divisionId) issues.push({ field: 'divisionId', message: 'a COORDINATOR has no division' });
    return issues;
  }
  if (!p.agencyId) return [{ field: 'agencyId', message: `a ${p.role} belongs to an agency` }];
  if (!reachesAgency(actor, p.agencyId)) return [{ field: 'agencyId', message: 'an ADMIN places staff in their own agency only' }];
  const agency = isUuid(p.agencyId) ? await prisma.agency.findUnique({ where: { id: p.agencyId }, select: { id: true } }) : null;
  if (!agency) return [{ field: 'agencyId', message: 'unknown agency' }];
  if (p.divisionId) {
    const division = isUuid(p.divisionId) ? await prisma.division.findUnique({ where: { id: p.divisionId } }) : null;
    if (!division) issues.push({ field: 'divisionId', message: 'unknown division' });
    else if (division.agencyId !== p.agencyId) issues.push({ field: 'divisionId', message: 'is a division of another agency' });
    else if (!division.active) issues.push({ field: 'divisionId', message: 'is deactivated' });
  } else if (p.role === 'DIVISION') {
    issues.push({ field: 'divisionId', message: 'DIVISION staff work in a division: choose one' });
  }
  return issues;
}

function checkPersonFields(check: InputChecker, input: { name?: string | null; nip?: string | null }, creating: boolean) {
  check.text('name', input.name, { max: 200, required: creating });
  if (input.name != null) check.check(input.name.trim().length >= 2, 'name', 'must be at least 2 characters');
  if (input.nip) {
    const problem = nipProblem(input.nip);
    if (problem) check.check(false, 'nip', problem);
  }
}

async function assertNipFree(prisma: PrismaClient, nip: string | null | undefined, exceptId?: string) {
  if (!nip) return;
  const other = await prisma.user.findUnique({ where: { nip: normaliseNip(nip) } });
  if (other && other.id !== exceptId) throw new InvalidInputError([{ field: 'nip', message: 'is already used by another account' }]);
}

export interface CreateUserInput {
  email: string;
  name: string;
  nip?: string | null;
  role: Role;
  agencyId?: string | null;
  divisionId?: string | null;
}

export interface CreatedUser {
  user: User;
  /** Shown once to whoever hands out the account; null when an initial password was given. */
  oneTimePassword: string | null;
}

/**
 * Creates an account with a one-time password the person must replace at first sign-in.
 * `initialPasswordHash` (the demo seed only; never from GraphQL) sets a usable password instead.
 */
export async function createUser(
  deps: AdminDeps,
  input: CreateUserInput,
  opts: { initialPasswordHash?: string } = {},
): Promise<CreatedUser> {
  const { prisma, actor } = deps;
  const email = normaliseEmail(input.email ?? '');
  const check = new InputChecker().text('email', input.email, { max: 320 });
  check.check(EMAIL.test(email), 'email', 'must be an email address');
  check.check((ROLES as readonly string[]).includes(input.role), 'role', 'unknown role');
  checkPersonFields(check, input, true);
  check.throwIfAny();
  // An ADMIN's staff go to the ADMIN's own agency unless another one is named (which is refused).
  const agencyId = input.agencyId ?? (input.role !== 'COORDINATOR' && actor.kind === 'user' ? actor.agencyId : null);
  const placement = { role: input.role, agencyId, divisionId: input.divisionId ?? null };
  const issues = await placementIssues(prisma, actor, placement);
  if (issues.length) throw new InvalidInputError(issues);
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new InvalidInputError([{ field: 'email', message: 'is already used by another account' }]);
  }
  await assertNipFree(prisma, input.nip);
  const oneTimePassword = opts.initialPasswordHash ? null : generateOneTimePassword();
  const passwordHash = opts.initialPasswordHash ?? (await hashPassword(oneTimePassword!));
  const user = await prisma.$transaction(async (tx) => {
    const row = await tx.user.create({
      data: {
        email,
        name: input.name.trim(),
        nip: input.nip ? normaliseNip(input.nip) : null,
        ...placement,
        passwordHash,
        mustChangePassword: oneTimePassword !== null,
      },
    });
    await recordAdminEvent(tx, actor, {
      action: 'USER_CREATED',
      agencyId: row.agencyId,
      entity: 'User',
      entityId: row.id,
      after: userSnapshot(row),
    });
    return row;
  });
  return { user, oneTimePassword };
}

export interface UpdateUserInput {
  name?: string | null;
  /** "" clears it. */
  nip?: string | null;
  role?: Role | null;
  /** Another agency: the COORDINATOR only (a transfer between OPD). */
  agencyId?: string | null;
  /** undefined: unchanged; null: none. */
  divisionId?: string | null;
}

export async function updateUser(deps: AdminDeps, id: string, input: UpdateUserInput): Promise<User> {
  const { prisma, actor } = deps;
  const before = await loadManaged(prisma, actor, id);
  const check = new InputChecker();
  checkPersonFields(check, input, false);
  if (input.role != null) check.check((ROLES as readonly string[]).includes(input.role), 'role', 'unknown role');
  check.check(
    !(actor.kind === 'user' && actor.id === id && input.role != null && input.role !== before.role),
    'role',
    'you cannot change your own role',
  );
  check.throwIfAny();
  const role = input.role ?? (before.role as Role);
  const placement: Placement =
    role === 'COORDINATOR'
      ? { role, agencyId: null, divisionId: null }
      : {
          role,
          agencyId: input.agencyId ?? before.agencyId,
          // A new agency means a new post: the old division cannot come along.
          divisionId:
            input.divisionId !== undefined
              ? input.divisionId
              : input.agencyId && input.agencyId !== before.agencyId
                ? null
                : before.divisionId,
        };
  const issues = await placementIssues(prisma, actor, placement);
  if (issues.length) throw new InvalidInputError(issues);
  const nip = input.nip === undefined || input.nip === null ? undefined : input.nip === '' ? null : normaliseNip(input.nip);
  await assertNipFree(prisma, nip, id);
  const sessionsEnd =
    placement.role !== before.role || placement.agencyId !== before.agencyId || placement.divisionId !== before.divisionId;
  const user = await prisma.$transaction(async (tx) => {
    if (before.role === 'COORDINATOR' && placement.role !== 'COORDINATOR' && before.active) {
      await assertAnotherActiveCoordinator(tx, id, 'role');
    }
    const row = await tx.user.update({
      where: { id },
      data: {
        name: input.name?.trim(),
        nip,
        ...placement,
        // What they may see and do changes with role and post: sessions restart with the new ones.
        tokenVersion: sessionsEnd ? { increment: 1 } : undefined,
      },
    });
    await recordAdminEvent(tx, actor, {
      action: 'USER_UPDATED',
      agencyId: row.agencyId ?? before.agencyId,
      entity: 'User',
      entityId: id,
      before: userSnapshot(before),
      after: userSnapshot(row),
    });
    return row;
  });
  if (sessionsEnd) await deps.revoked?.({ userId: id, reason: 'role or placement changed' });
  return user;
}

export async function setUserActive(deps: AdminDeps, id: string, active: boolean): Promise<User> {
  const { prisma, actor } = deps;
  const before = await loadManaged(prisma, actor, id);
  if (actor.kind === 'user' && actor.id === id) {
    throw new InvalidInputError([{ field: 'id', message: active ? 'you are already active' : 'you cannot deactivate yourself' }]);
  }
  if (before.active === active) return before;
  if (active && before.divisionId) {
    const division = await prisma.division.findUnique({ where: { id: before.divisionId } });
    if (division && !division.active) {
      throw new InvalidInputError([
        { field: 'id', message: `their division ${division.name} is deactivated: place them in another division first` },
      ]);
    }
  }
  const user = await prisma.$transaction(async (tx) => {
    if (!active && before.role === 'COORDINATOR') await assertAnotherActiveCoordinator(tx, id, 'id');
    const row = await tx.user.update({ where: { id }, data: { active, tokenVersion: active ? undefined : { increment: 1 } } });
    await recordAdminEvent(tx, actor, {
      action: active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED',
      agencyId: row.agencyId,
      entity: 'User',
      entityId: id,
      before: { active: before.active },
      after: { active },
    });
    return row;
  });
  if (!active) await deps.revoked?.({ userId: id, reason: 'account deactivated' });
  return user;
}

/** A new one-time password, shown once; the person's sessions end and they must choose their own. */
export async function resetUserPassword(
  deps: AdminDeps,
  id: string,
  opts: { secondFactor?: boolean } = {},
): Promise<{ user: User; oneTimePassword: string }> {
  const { prisma, actor } = deps;
  const before = await loadManaged(prisma, actor, id);
  if (actor.kind === 'user' && actor.id === id) {
    throw new InvalidInputError([{ field: 'id', message: 'use changePassword for your own password' }]);
  }
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const user = await prisma.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { id },
      data: {
        passwordHash,
        mustChangePassword: true,
        tokenVersion: { increment: 1 },
        // A lost phone: the person enrols again at next sign-in (if their role requires it).
        ...(opts.secondFactor ? { totpSecret: null, totpPendingSecret: null, totpLastStep: null, totpRecoveryHashes: [] } : {}),
      },
    });
    await recordAdminEvent(tx, actor, {
      action: 'PASSWORD_RESET',
      agencyId: before.agencyId,
      entity: 'User',
      entityId: id,
      after: opts.secondFactor ? { secondFactorRemoved: before.totpSecret !== null } : null,
    });
    return row;
  });
  await deps.revoked?.({ userId: id, reason: 'password reset' });
  return { user, oneTimePassword };
}

/** The person's own password change; every other session of theirs ends. */
export async function changePassword(deps: AdminDeps, userId: string, currentPassword: string, newPassword: string): Promise<User> {
  const { prisma } = deps;
  const before = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  const check = new InputChecker().text('currentPassword', currentPassword, { max: 1024 }).text('newPassword', newPassword, { max: 1024 });
  check.throwIfAny();
  if (!(await verifyPassword(currentPassword, before.passwordHash))) {
    throw new InvalidInputError([{ field: 'currentPassword', message: 'is not your current password' }]);
  }
  if (newPassword === currentPassword)
    throw new InvalidInputError([{ field: 'newPassword', message: 'must differ from the current password' }]);
  const problem = await passwordProblem(newPassword, before);
  if (problem) throw new InvalidInputError([{ field: 'newPassword', message: problem }]);
  const passwordHash = await hashPassword(newPassword);
  const user = await prisma.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: false, tokenVersion: { increment: 1 } },
    });
    await recordAdminEvent(tx, deps.actor, { action: 'PASSWORD_CHANGED', agencyId: row.agencyId, entity: 'User', entityId: userId });
    return row;
  });
  await deps.revoked?.({ userId, reason: 'password changed' });
  return user;
}

export async function logoutEverywhere(deps: AdminDeps, userId: string): Promise<User> {
  const user = await deps.prisma.$transaction(async (tx) => {
    const row = await tx.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } } });
    await recordAdminEvent(tx, deps.actor, { action: 'LOGGED_OUT_EVERYWHERE', agencyId: row.agencyId, entity: 'User', entityId: userId });
    return row;
  });
  await deps.revoked?.({ userId, reason: 'logged out everywhere' });
  return user;
}
