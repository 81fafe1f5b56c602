// Demo data for a bare-machine start: one regency, the Disporbudpar agency of the SOP with its
// divisions, and one user per role, created through the administrative operations. Runs only on an empty database (checked inside the caller's
// guard: embedded database, not production).
import type { PrismaClient } from '../db/database.js';
import { hashPassword } from '../auth/password.js';
import { SYSTEM_ACTOR } from '../audit/events.js';
import { createAgency, createDivision } from '../organisation/organisation.js';
import { createUser } from '../users/users.js';

export const DEMO_PASSWORD = 'tuntas-demo-2026';
export const DEMO_AGENCY_CODE = 'DISPORBUDPAR';

export const DEMO_DIVISIONS = [
  { code: 'SEKRETARIAT', name: 'Sekretariat' },
  { code: 'KEPEMUDAAN', name: 'Bidang Kepemudaan' },
  { code: 'OLAHRAGA', name: 'Bidang Olahraga' },
  { code: 'KEBUDAYAAN', name: 'Bidang Kebudayaan' },
  { code: 'PARIWISATA', name: 'Bidang Pariwisata' },
] as const;

/** email → role (and division code for DIVISION staff). */
export const DEMO_USERS = [
  { email: 'koordinator@lapor.demo', name: 'Tim Administrator Kabupaten', role: 'COORDINATOR' },
  { email: 'admin@disporbudpar.demo', name: 'Kasubbag Umum dan Kepegawaian', role: 'ADMIN' },
  { email: 'penghubung@disporbudpar.demo', name: 'Sekretaris (Penghubung)', role: 'LIAISON', division: 'SEKRETARIAT' },
  { email: 'kepala@disporbudpar.demo', name: 'Kepala Dinas', role: 'HEAD' },
  { email: 'kepemudaan@disporbudpar.demo', name: 'Staf Bidang Kepemudaan', role: 'DIVISION', division: 'KEPEMUDAAN' },
  { email: 'olahraga@disporbudpar.demo', name: 'Staf Bidang Olahraga', role: 'DIVISION', division: 'OLAHRAGA' },
  { email: 'kebudayaan@disporbudpar.demo', name: 'Staf Bidang Kebudayaan', role: 'DIVISION', division: 'KEBUDAYAAN' },
  { email: 'pariwisata@disporbudpar.demo', name: 'Staf Bidang Pariwisata', role: 'DIVISION', division: 'PARIWISATA' },
  { email: 'auditor@disporbudpar.demo', name: 'Inspektorat (Auditor)', role: 'AUDITOR' },
] as const;

/**
 * Seeds when the database has no agency yet, through the same operations an administrator uses
 * (so the demo also shows their audit trail). Returns whether it seeded.
 */
export async function seedDemoData(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.agency.count()) > 0 || (await prisma.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const agency = await createAgency(prisma, SYSTEM_ACTOR, {
    code: DEMO_AGENCY_CODE,
    name: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    regency: 'Kabupaten Demo',
  });
  // Bidang sit under the agency, not under the secretariat.
  const divisions = new Map<string, string>();
  for (const d of DEMO_DIVISIONS) {
    const row = await createDivision(prisma, SYSTEM_ACTOR, { agencyId: agency.id, ...d });
    divisions.set(row.code, row.id);
  }
  const deps = { prisma, actor: SYSTEM_ACTOR };
  for (const u of DEMO_USERS) {
    await createUser(
      deps,
      {
        email: u.email,
        name: u.name,
        role: u.role,
        agencyId: u.role === 'COORDINATOR' ? null : agency.id,
        divisionId: 'division' in u ? divisions.get(u.division)! : null,
      },
      { initialPasswordHash: passwordHash },
    );
  }
  return true;
}
