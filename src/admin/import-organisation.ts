// `import-organisation`: agencies, divisions and staff from one spreadsheet (one row per person, or
// per agency/division without staff). Everything is checked first — each bad row reported with its
// line, column and reason — and then written in ONE transaction, or not at all. Rows that match
// the database change nothing, so a second run of the same file reports nothing to change.
//
// Imported accounts get no usable password: the agency's ADMIN hands each one out with
// resetUserPassword (a one-time password shown once), so no file of passwords ever circulates.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/database.js';
import { userSnapshot } from '../audit/events.js';
import { ROLES, type Role } from '../sop/vocabulary.js';
import { CODE_PATTERN, normaliseCode } from '../organisation/rules.js';
import { nipProblem, normaliseNip } from '../users/nip.js';
import { normaliseEmail } from '../users/users.js';

/** The template's columns (Indonesian headers) and the field each fills. */
export const COLUMNS = {
  'Kode OPD': 'agencyCode',
  'Nama OPD': 'agencyName',
  Kabupaten: 'regency',
  'Kode Bidang': 'divisionCode',
  'Nama Bidang': 'divisionName',
  'Kode Induk Bidang': 'parentCode',
  'Nama Pegawai': 'name',
  Email: 'email',
  NIP: 'nip',
  Peran: 'role',
} as const;
export type Column = keyof typeof COLUMNS;
type Field = (typeof COLUMNS)[Column];
const COLUMN_OF = Object.fromEntries(Object.entries(COLUMNS).map(([c, f]) => [f, c])) as Record<Field, Column>;

/** Role names as a regency writes them, and the role each means. */
export const ROLE_NAMES: Record<string, Role> = {
  KOORDINATOR: 'COORDINATOR',
  ADMIN: 'ADMIN',
  ADMINISTRATOR: 'ADMIN',
  PENGHUBUNG: 'LIAISON',
  KEPALA: 'HEAD',
  'KEPALA DINAS': 'HEAD',
  BIDANG: 'DIVISION',
  STAF: 'DIVISION',
  AUDITOR: 'AUDITOR',
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
};

export type Row = { line: number } & Partial<Record<Field, string>>;

export interface RowProblem {
  line: number;
  column: Column | null;
  reason: string;
}

export interface ImportPlan {
  problems: RowProblem[];
  agencies: { create: number; update: number };
  divisions: { create: number; update: number };
  users: { create: number; update: number };
  /** Writes to run in one transaction (empty when there are problems or nothing to change). */
  apply(prisma: PrismaClient, progress?: (done: number, total: number) => void): Promise<void>;
  /** Number of write steps apply() reports progress over. */
  steps: number;
}

/** Header cells → the field of each column index; unknown headers are problems of line 1. */
export function mapHeader(cells: string[]): { fields: (Field | null)[]; problems: RowProblem[] } {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, ' ');
  const byNorm = new Map(Object.entries(COLUMNS).map(([c, f]) => [norm(c), f]));
  const fields = cells.map((c) => (c.trim() ? (byNorm.get(norm(c)) ?? null) : null));
  const problems: RowProblem[] = [];
  cells.forEach((c, i) => {
    if (c.trim() && !fields[i]) problems.push({ line: 1, column: null, reason: `unknown column "${c}"` });
  });
  for (const required of ['Kode OPD', 'Email', 'Peran'] as Column[]) {
    if (!fields.includes(COLUMNS[required])) problems.push({ line: 1, column: required, reason: 'column is missing' });
  }
  return { fields, problems };
}

interface AgencyPlan {
  id: string;
  code: string;
  name?: string;
  regency?: string;
  line: number;
  exists: boolean;
}
interface DivisionPlan {
  id: string;
  agencyCode: string;
  code: string;
  name?: string;
  parentCode?: string;
  line: number;
  exists: boolean;
}

export async function planImport(prisma: PrismaClient, rows: Row[]): Promise<ImportPlan> {
  const problems: RowProblem[] = [];
  const bad = (row: Row, field: Field | null, reason: string) =>
    problems.push({ line: row.line, column: field ? COLUMN_OF[field] : null, reason });
  const v = (row: Row, f: Field) => row[f]?.trim() || undefined;

  const [dbAgencies, dbDivisions, dbUsers] = await Promise.all([
    prisma.agency.findMany(),
    prisma.division.findMany(),
    prisma.user.findMany(),
  ]);
  const agencyByCode = new Map(dbAgencies.map((a) => [a.code, a]));
  const divisionByKey = new Map(dbDivisions.map((d) => [`${d.agencyId}/${d.code}`, d]));
  const userByEmail = new Map(dbUsers.map((u) => [u.email, u]));
  const userByNip = new Map(dbUsers.filter((u) => u.nip).map((u) => [u.nip!, u]));

  // 1. Agencies and divisions named in the file (first mention gives the name; later ones must agree).
  const agencies = new Map<string, AgencyPlan>();
  const divisions = new Map<string, DivisionPlan>();
  for (const row of rows) {
    const code = v(row, 'agencyCode') && normaliseCode(v(row, 'agencyCode')!);
    const role = v(row, 'role') && ROLE_NAMES[v(row, 'role')!.toUpperCase()];
    if (!code) {
      if (role !== 'COORDINATOR') bad(row, 'agencyCode', 'is required (only a KOORDINATOR has no OPD)');
      continue;
    }
    if (!CODE_PATTERN.test(code)) {
      bad(row, 'agencyCode', 'must be 2–30 capital letters, digits, "-" or "_"');
      continue;
    }
    let a = agencies.get(code);
    if (!a) {
      const existing = agencyByCode.get(code);
      a = { id: existing?.id ?? randomUUID(), code, line: row.line, exists: !!existing };
      agencies.set(code, a);
    }
    for (const f of ['agencyName', 'regency'] as const) {
      const value = v(row, f);
      if (!value) continue;
      const key = f === 'agencyName' ? 'name' : 'regency';
      if (a[key] && a[key] !== value) bad(row, f, `differs from line ${a.line} for OPD ${code} ("${a[key]}")`);
      else if (value.length < 2 || value.length > 200) bad(row, f, 'must be 2–200 characters');
      else a[key] = value;
    }
    const dcode = v(row, 'divisionCode') && normaliseCode(v(row, 'divisionCode')!);
    if (!dcode) continue;
    if (!CODE_PATTERN.test(dcode)) {
      bad(row, 'divisionCode', 'must be 2–30 capital letters, digits, "-" or "_"');
      continue;
    }
    const key = `${code}/${dcode}`;
    let d = divisions.get(key);
    if (!d) {
      const existing = divisionByKey.get(`${a.id}/${dcode}`);
      d = { id: existing?.id ?? randomUUID(), agencyCode: code, code: dcode, line: row.line, exists: !!existing };
      divisions.set(key, d);
    }
    const dname = v(row, 'divisionName');
    if (dname) {
      if (d.name && d.name !== dname) bad(row, 'divisionName', `differs from line ${d.line} for ${dcode} ("${d.name}")`);
      else d.name = dname;
    }
    const parent = v(row, 'parentCode') && normaliseCode(v(row, 'parentCode')!);
    if (parent) {
      if (d.parentCode && d.parentCode !== parent) bad(row, 'parentCode', `differs from line ${d.line}`);
      else d.parentCode = parent;
    }
  }
  for (const a of agencies.values()) {
    if (a.exists) continue;
    const row = { line: a.line } as Row;
    if (!a.name) bad(row, 'agencyName', `OPD ${a.code} is new: give its name`);
    if (!a.regency) bad(row, 'regency', `OPD ${a.code} is new: give its regency`);
  }
  for (const d of divisions.values()) {
    const row = { line: d.line } as Row;
    if (!d.exists && !d.name) bad(row, 'divisionName', `bidang ${d.code} is new: give its name`);
    if (d.parentCode) {
      if (d.parentCode === d.code) bad(row, 'parentCode', 'a bidang cannot be its own parent');
      const agencyId = agencies.get(d.agencyCode)!.id;
      if (!divisions.has(`${d.agencyCode}/${d.parentCode}`) && !divisionByKey.has(`${agencyId}/${d.parentCode}`)) {
        bad(row, 'parentCode', `no bidang ${d.parentCode} in OPD ${d.agencyCode}`);
      }
    }
  }

  // 2. Staff.
  const seenEmail = new Map<string, number>();
  const seenNip = new Map<string, number>();
  type UserPlan = {
    row: Row;
    email: string;
    name: string;
    nip: string | null;
    role: Role;
    agencyCode: string | null;
    divisionCode: string | null;
  };
  const people: UserPlan[] = [];
  for (const row of rows) {
    const emailRaw = v(row, 'email');
    const name = v(row, 'name');
    const roleRaw = v(row, 'role');
    if (!emailRaw && !name) continue;
    const email = normaliseEmail(emailRaw ?? '');
    if (!emailRaw) bad(row, 'email', 'is required for a staff row');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad(row, 'email', 'is not an email address');
    else if (seenEmail.has(email)) bad(row, 'email', `is already on line ${seenEmail.get(email)}`);
    else seenEmail.set(email, row.line);
    if (!name || name.length < 2) bad(row, 'name', 'is required (at least 2 characters)');
    const role = roleRaw ? ROLE_NAMES[roleRaw.toUpperCase()] : undefined;
    if (!role)
      bad(
        row,
        'role',
        `must be one of ${Object.keys(ROLE_NAMES)
          .filter((k) => !ROLES.includes(k as Role))
          .join(', ')}`,
      );
    const nipRaw = v(row, 'nip');
    let nip: string | null = null;
    if (nipRaw) {
      const problem = nipProblem(nipRaw);
      nip = normaliseNip(nipRaw);
      if (problem) bad(row, 'nip', problem);
      else if (seenNip.has(nip)) bad(row, 'nip', `is already on line ${seenNip.get(nip)}`);
      else if (userByNip.has(nip) && userByNip.get(nip)!.email !== email) bad(row, 'nip', 'belongs to another account');
      else seenNip.set(nip, row.line);
    }
    const agencyCode = v(row, 'agencyCode') ? normaliseCode(v(row, 'agencyCode')!) : null;
    const divisionCode = v(row, 'divisionCode') ? normaliseCode(v(row, 'divisionCode')!) : null;
    if (role === 'COORDINATOR' && (agencyCode || divisionCode))
      bad(row, 'agencyCode', 'a KOORDINATOR serves the whole regency: leave OPD and bidang empty');
    if (role === 'DIVISION' && !divisionCode) bad(row, 'divisionCode', 'BIDANG staff work in a bidang: give its code');
    if (divisionCode && agencyCode) {
      const a = agencies.get(agencyCode);
      const existing = a && divisionByKey.get(`${a.id}/${divisionCode}`);
      if (existing && !existing.active) bad(row, 'divisionCode', 'is deactivated');
    }
    if (email && name && role) people.push({ row, email, name, nip, role, agencyCode, divisionCode });
  }

  const agencyCreates = [...agencies.values()].filter((a) => !a.exists);
  const agencyUpdates = [...agencies.values()].filter((a) => {
    const e = agencyByCode.get(a.code);
    return e && ((a.name && a.name !== e.name) || (a.regency && a.regency !== e.regency));
  });
  const divisionId = (agencyCode: string, code: string) =>
    divisions.get(`${agencyCode}/${code}`)?.id ?? divisionByKey.get(`${agencies.get(agencyCode)!.id}/${code}`)!.id;
  const divisionCreates = [...divisions.values()].filter((d) => !d.exists);
  const divisionUpdates = [...divisions.values()].filter((d) => {
    if (!d.exists) return false;
    const e = dbDivisions.find((x) => x.id === d.id)!;
    const parentId = d.parentCode ? divisionId(d.agencyCode, d.parentCode) : undefined;
    return (d.name && d.name !== e.name) || (parentId !== undefined && parentId !== e.parentId);
  });
  const placed = (p: UserPlan) => ({
    role: p.role,
    agencyId: p.agencyCode ? agencies.get(p.agencyCode)!.id : null,
    divisionId: p.agencyCode && p.divisionCode ? divisionId(p.agencyCode, p.divisionCode) : null,
  });
  const userCreates = people.filter((p) => !userByEmail.has(p.email));
  const userUpdates = people.filter((p) => {
    const e = userByEmail.get(p.email);
    if (!e) return false;
    const to = placed(p);
    return (
      e.name !== p.name ||
      (p.nip !== null && e.nip !== p.nip) ||
      e.role !== to.role ||
      e.agencyId !== to.agencyId ||
      e.divisionId !== to.divisionId
    );
  });

  const CHUNK = 250;
  const steps = problems.length
    ? 0
    : agencyCreates.length +
      agencyUpdates.length +
      divisionCreates.length +
      divisionUpdates.length +
      userCreates.length +
      userUpdates.length;

  return {
    problems: problems.sort((a, b) => a.line - b.line),
    agencies: { create: agencyCreates.length, update: agencyUpdates.length },
    divisions: { create: divisionCreates.length, update: divisionUpdates.length },
    users: { create: userCreates.length, update: userUpdates.length },
    steps,
    async apply(db, progress) {
      if (problems.length || steps === 0) return;
      let done = 0;
      const tick = (n: number) => {
        done += n;
        progress?.(done, steps);
      };
      const audit = (
        action: string,
        agencyId: string | null,
        entity: string,
        entityId: string,
        before: object | null,
        after: object | null,
      ) => ({
        actorId: null,
        actorRole: 'SYSTEM' as const,
        action: action as never,
        agencyId,
        entity,
        entityId,
        before: (before ?? undefined) as never,
        after: (after ?? undefined) as never,
      });
      await db.$transaction(
        async (tx) => {
          if (agencyCreates.length) {
            await tx.agency.createMany({
              data: agencyCreates.map((a) => ({ id: a.id, code: a.code, name: a.name!, regency: a.regency! })),
            });
            await tx.adminEvent.createMany({
              data: agencyCreates.map((a) =>
                audit('AGENCY_CREATED', a.id, 'Agency', a.id, null, { code: a.code, name: a.name!, regency: a.regency! }),
              ),
            });
            tick(agencyCreates.length);
          }
          for (const a of agencyUpdates) {
            const e = agencyByCode.get(a.code)!;
            await tx.agency.update({ where: { id: e.id }, data: { name: a.name, regency: a.regency } });
            await tx.adminEvent.create({
              data: audit(
                'AGENCY_UPDATED',
                e.id,
                'Agency',
                e.id,
                { name: e.name, regency: e.regency },
                { name: a.name ?? e.name, regency: a.regency ?? e.regency },
              ),
            });
            tick(1);
          }
          if (divisionCreates.length) {
            await tx.division.createMany({
              data: divisionCreates.map((d) => ({ id: d.id, agencyId: agencies.get(d.agencyCode)!.id, code: d.code, name: d.name! })),
            });
            await tx.adminEvent.createMany({
              data: divisionCreates.map((d) =>
                audit('DIVISION_CREATED', agencies.get(d.agencyCode)!.id, 'Division', d.id, null, {
                  code: d.code,
                  name: d.name!,
                  parentCode: d.parentCode ?? null,
                }),
              ),
            });
            // Parents after every division exists (a parent may come later in the file).
            for (const d of divisionCreates.filter((x) => x.parentCode)) {
              await tx.division.update({ where: { id: d.id }, data: { parentId: divisionId(d.agencyCode, d.parentCode!) } });
            }
            tick(divisionCreates.length);
          }
          for (const d of divisionUpdates) {
            const e = dbDivisions.find((x) => x.id === d.id)!;
            const parentId = d.parentCode ? divisionId(d.agencyCode, d.parentCode) : e.parentId;
            await tx.division.update({ where: { id: d.id }, data: { name: d.name ?? e.name, parentId } });
            await tx.adminEvent.create({
              data: audit(
                'DIVISION_UPDATED',
                e.agencyId,
                'Division',
                e.id,
                { name: e.name, parentId: e.parentId },
                { name: d.name ?? e.name, parentId },
              ),
            });
            tick(1);
          }
          for (let i = 0; i < userCreates.length; i += CHUNK) {
            const chunk = userCreates.slice(i, i + CHUNK).map((p) => ({
              id: randomUUID(),
              email: p.email,
              name: p.name,
              nip: p.nip,
              ...placed(p),
              // Not a scrypt hash: no password matches it until the ADMIN hands out the account.
              passwordHash: 'unset',
              mustChangePassword: true,
            }));
            await tx.user.createMany({ data: chunk });
            await tx.adminEvent.createMany({
              data: chunk.map((u) => audit('USER_CREATED', u.agencyId, 'User', u.id, null, userSnapshot({ ...u, active: true }))),
            });
            tick(chunk.length);
          }
          for (const p of userUpdates) {
            const e = userByEmail.get(p.email)!;
            const to = placed(p);
            const moved = e.role !== to.role || e.agencyId !== to.agencyId || e.divisionId !== to.divisionId;
            const row = await tx.user.update({
              where: { id: e.id },
              data: { name: p.name, nip: p.nip ?? e.nip, ...to, tokenVersion: moved ? { increment: 1 } : undefined },
            });
            await tx.adminEvent.create({
              data: audit('USER_UPDATED', row.agencyId ?? e.agencyId, 'User', e.id, userSnapshot(e), userSnapshot(row)),
            });
            tick(1);
          }
        },
        { timeout: 300_000, maxWait: 30_000 },
      );
    },
  };
}
