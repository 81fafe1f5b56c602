// Agencies (OPD) and their divisions (bidang/seksi): create, rename, recode, move in the tree,
// deactivate. Each change writes an AdminEvent in the same transaction. Used by GraphQL, by
// `npm run admin` and by the demo seed alike.
import type { Agency, Division } from '../generated/prisma/client.js';
import type { PrismaClient } from '../db/database.js';
import { recordAdminEvent, type AdminActor } from '../audit/events.js';
import { InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import { isUuid } from '../uuid.js';
import { checkCode, checkName, INDONESIAN_TIME_ZONES, isRegencyAdministrator, normaliseCode, reachesAgency } from './rules.js';
import { ForbiddenError } from '../errors.js';

export interface AgencyInput {
  code: string;
  name: string;
  regency: string;
  timeZone?: string | null;
}

const agencySnapshot = (a: Agency) => ({ code: a.code, name: a.name, regency: a.regency, timeZone: a.timeZone });
const divisionSnapshot = (d: Division) => ({ code: d.code, name: d.name, parentId: d.parentId, active: d.active });

type AgencyChange = { [K in keyof AgencyInput]?: AgencyInput[K] | null };

function checkAgencyInput(input: AgencyChange, creating: boolean) {
  const check = new InputChecker();
  checkCode(check, 'code', input.code, creating);
  checkName(check, 'name', input.name, creating);
  checkName(check, 'regency', input.regency, creating);
  if (input.timeZone != null) {
    check.check(
      (INDONESIAN_TIME_ZONES as readonly string[]).includes(input.timeZone),
      'timeZone',
      `must be one of ${INDONESIAN_TIME_ZONES.join(', ')} (WIB, WITA, WIT)`,
    );
  }
  check.throwIfAny();
}

async function assertAgencyCodeFree(prisma: PrismaClient, code: string, exceptId?: string) {
  const other = await prisma.agency.findUnique({ where: { code } });
  if (other && other.id !== exceptId) {
    throw new InvalidInputError([{ field: 'code', message: `agency code ${code} is already used by ${other.name}` }]);
  }
}

export async function createAgency(prisma: PrismaClient, actor: AdminActor, input: AgencyInput): Promise<Agency> {
  if (!isRegencyAdministrator(actor)) throw new ForbiddenError('Only the regency coordinator creates agencies');
  checkAgencyInput(input, true);
  const code = normaliseCode(input.code);
  await assertAgencyCodeFree(prisma, code);
  return prisma.$transaction(async (tx) => {
    const agency = await tx.agency.create({
      data: { code, name: input.name.trim(), regency: input.regency.trim(), timeZone: input.timeZone ?? 'Asia/Jakarta' },
    });
    await recordAdminEvent(tx, actor, {
      action: 'AGENCY_CREATED',
      agencyId: agency.id,
      entity: 'Agency',
      entityId: agency.id,
      after: agencySnapshot(agency),
    });
    return agency;
  });
}

export async function updateAgency(prisma: PrismaClient, actor: AdminActor, id: string, input: AgencyChange): Promise<Agency> {
  if (!isRegencyAdministrator(actor)) throw new ForbiddenError('Only the regency coordinator changes agencies');
  const before = isUuid(id) ? await prisma.agency.findUnique({ where: { id } }) : null;
  if (!before) throw new NotFoundError('Agency', id);
  checkAgencyInput(input, false);
  const code = input.code != null ? normaliseCode(input.code) : undefined;
  if (code) await assertAgencyCodeFree(prisma, code, id);
  return prisma.$transaction(async (tx) => {
    const agency = await tx.agency.update({
      where: { id },
      data: {
        code,
        name: input.name?.trim(),
        regency: input.regency?.trim(),
        timeZone: input.timeZone ?? undefined,
      },
    });
    await recordAdminEvent(tx, actor, {
      action: 'AGENCY_UPDATED',
      agencyId: id,
      entity: 'Agency',
      entityId: id,
      before: agencySnapshot(before),
      after: agencySnapshot(agency),
    });
    return agency;
  });
}

export interface DivisionInput {
  agencyId: string;
  code: string;
  name: string;
  parentId?: string | null;
}

export interface DivisionChange {
  code?: string | null;
  name?: string | null;
  /** undefined: unchanged; null: to the top of the agency's tree. */
  parentId?: string | null;
  active?: boolean | null;
}

async function loadAgencyFor(prisma: PrismaClient, actor: AdminActor, agencyId: string): Promise<Agency> {
  const agency = isUuid(agencyId) ? await prisma.agency.findUnique({ where: { id: agencyId } }) : null;
  // An ADMIN naming another agency learns nothing about it.
  if (!agency || !reachesAgency(actor, agency.id)) throw new InvalidInputError([{ field: 'agencyId', message: 'unknown agency' }]);
  return agency;
}

/** The parent must be a division of the same agency and must not lie under the division itself. */
async function checkParent(prisma: PrismaClient, agencyId: string, parentId: string, selfId?: string) {
  const parent = isUuid(parentId) ? await prisma.division.findUnique({ where: { id: parentId } }) : null;
  if (!parent) throw new InvalidInputError([{ field: 'parentId', message: 'unknown division' }]);
  if (parent.agencyId !== agencyId) throw new InvalidInputError([{ field: 'parentId', message: 'is a division of another agency' }]);
  if (!selfId) return;
  // Walk up from the new parent: meeting the division itself would make a cycle.
  const all = await prisma.division.findMany({ where: { agencyId }, select: { id: true, parentId: true } });
  const parentOf = new Map(all.map((d) => [d.id, d.parentId]));
  for (let at: string | null | undefined = parent.id; at; at = parentOf.get(at)) {
    if (at === selfId) throw new InvalidInputError([{ field: 'parentId', message: 'would put the division under itself' }]);
  }
}

async function assertDivisionCodeFree(prisma: PrismaClient, agencyId: string, code: string, exceptId?: string) {
  const other = await prisma.division.findUnique({ where: { agencyId_code: { agencyId, code } } });
  if (other && other.id !== exceptId) {
    throw new InvalidInputError([{ field: 'code', message: `division code ${code} is already used by ${other.name} in this agency` }]);
  }
}

export async function createDivision(prisma: PrismaClient, actor: AdminActor, input: DivisionInput): Promise<Division> {
  const check = new InputChecker();
  checkCode(check, 'code', input.code, true);
  checkName(check, 'name', input.name, true);
  check.throwIfAny();
  const agency = await loadAgencyFor(prisma, actor, input.agencyId);
  const code = normaliseCode(input.code);
  if (input.parentId) await checkParent(prisma, agency.id, input.parentId);
  await assertDivisionCodeFree(prisma, agency.id, code);
  return prisma.$transaction(async (tx) => {
    const division = await tx.division.create({
      data: { agencyId: agency.id, code, name: input.name.trim(), parentId: input.parentId ?? null },
    });
    await recordAdminEvent(tx, actor, {
      action: 'DIVISION_CREATED',
      agencyId: agency.id,
      entity: 'Division',
      entityId: division.id,
      after: divisionSnapshot(division),
    });
    return division;
  });
}

export async function updateDivision(prisma: PrismaClient, actor: AdminActor, id: string, change: DivisionChange): Promise<Division> {
  const before = isUuid(id) ? await prisma.division.findUnique({ where: { id } }) : null;
  if (!before || !reachesAgency(actor, before.agencyId)) throw new NotFoundError('Division', id);
  const check = new InputChecker();
  checkCode(check, 'code', change.code, false);
  checkName(check, 'name', change.name, false);
  check.throwIfAny();
  const code = change.code != null ? normaliseCode(change.code) : undefined;
  if (code) await assertDivisionCodeFree(prisma, before.agencyId, code, id);
  if (change.parentId) await checkParent(prisma, before.agencyId, change.parentId, id);
  if (change.active === false && before.active) {
    // Staff placed there and sub-divisions still at work must be moved first: otherwise they would
    // silently keep a queue nobody can dispose to.
    const [staff, children] = await Promise.all([
      prisma.user.count({ where: { divisionId: id, active: true } }),
      prisma.division.count({ where: { parentId: id, active: true } }),
    ]);
    const issues = [];
    if (staff > 0)
      issues.push({ field: 'active', message: `${staff} active staff are still placed in this division: transfer them first` });
    if (children > 0)
      issues.push({ field: 'active', message: `${children} active sub-divisions are under it: move or deactivate them first` });
    if (issues.length) throw new InvalidInputError(issues);
  }
  return prisma.$transaction(async (tx) => {
    const division = await tx.division.update({
      where: { id },
      data: {
        code,
        name: change.name?.trim(),
        parentId: change.parentId === undefined ? undefined : change.parentId,
        active: change.active ?? undefined,
      },
    });
    await recordAdminEvent(tx, actor, {
      action: 'DIVISION_UPDATED',
      agencyId: before.agencyId,
      entity: 'Division',
      entityId: id,
      before: divisionSnapshot(before),
      after: divisionSnapshot(division),
    });
    return division;
  });
}
