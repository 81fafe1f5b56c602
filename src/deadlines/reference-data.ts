// Reference data every environment needs, seeded at start-up (idempotent, never duplicates; safe when
// several instances start together: the unique indexes decide and ON CONFLICT DO NOTHING skips).
import { loadBundledHolidays } from '../calendar/holidays.js';
import type { PrismaClient } from '../db/database.js';

/**
 * The SOP's quality standards ("Mutu Baku") per step, in working minutes (office time, as measured
 * by workingTimeBetween). Step 5's "1–5 days" uses a working day of 510 minutes, the Mon–Thu office
 * day 07:30–16:00, so it is 510–2550 working minutes.
 */
export const WORKING_DAY_MINUTES = 510;
export const SOP_TIME_STANDARDS = [
  { step: 1, activity: 'Menerima laporan dari masyarakat melalui aplikasi LAPOR!', minMinutes: 10, maxMinutes: 20 },
  { step: 2, activity: 'Menginventarisasi laporan yang masuk', minMinutes: 10, maxMinutes: 30 },
  { step: 3, activity: 'Menelaah laporan dan mendisposisikan ke bidang terkait', minMinutes: 30, maxMinutes: 60 },
  { step: 4, activity: 'Berkoordinasi dengan bidang untuk merumuskan tindak lanjut', minMinutes: 30, maxMinutes: 60 },
  {
    step: 5,
    activity: 'Melaksanakan tindak lanjut sesuai arahan pimpinan',
    minMinutes: 1 * WORKING_DAY_MINUTES,
    maxMinutes: 5 * WORKING_DAY_MINUTES,
  },
  { step: 6, activity: 'Menginventarisasi hasil tindak lanjut', minMinutes: 30, maxMinutes: 60 },
  { step: 7, activity: 'Menyampaikan hasil tindak lanjut kepada pelapor melalui LAPOR!', minMinutes: 30, maxMinutes: 60 },
] as const;

export interface ReferenceSeedReport {
  holidays: number;
  timeStandards: number;
}

export async function seedReferenceData(prisma: PrismaClient): Promise<ReferenceSeedReport> {
  let holidays = 0;
  // Only into an empty national calendar: once someone edits it, their edits are the truth.
  if ((await prisma.holiday.count({ where: { agencyId: null } })) === 0) {
    const entries = loadBundledHolidays().filter((h) => h.kind !== 'REGIONAL');
    holidays = (
      await prisma.holiday.createMany({
        data: entries.map((h) => ({ date: new Date(`${h.date}T00:00:00Z`), kind: h.kind, name: h.name, legalBasis: h.legalBasis })),
        skipDuplicates: true,
      })
    ).count;
  }
  const timeStandards = (
    await prisma.timeStandard.createMany({
      data: SOP_TIME_STANDARDS.map((s) => ({ agencyId: null, ...s })),
      skipDuplicates: true,
    })
  ).count;
  return { holidays, timeStandards };
}
