// An agency's working calendar (time zone, office hours, national + its regional holidays), loaded
// from the database and cached briefly. A holiday change invalidates this instance's cache at once;
// other instances see it within CACHE_TTL_MS (the instance that made the change recomputes the
// affected deadlines itself, with fresh data, in the same transaction).
import { createCalendar, DEFAULT_OFFICE_HOURS, type OfficeHours, type WorkingCalendar } from '../calendar/calendar.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export const CACHE_TTL_MS = 30_000;

type Reader = Pick<PrismaClient | Prisma.TransactionClient, 'agency' | 'holiday'>;

export interface CalendarProvider {
  /** Reads through `db` (pass the transaction when inside one: PGlite has a single connection). */
  forAgency(db: Reader, agencyId: string): Promise<WorkingCalendar>;
  /** Builds without the cache, e.g. inside a transaction that just changed a holiday. */
  load(db: Reader, agencyId: string): Promise<WorkingCalendar>;
  invalidate(): void;
}

/** Agency.officeHours JSON ({"1": {"start": "07:30", "end": "16:00"}, "6": null, ...}) over the defaults. */
export function officeHoursFrom(json: unknown): OfficeHours {
  if (json === null || typeof json !== 'object') return DEFAULT_OFFICE_HOURS;
  const merged = { ...DEFAULT_OFFICE_HOURS } as OfficeHours;
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const day = Number(key);
    if (Number.isInteger(day) && day >= 0 && day <= 6) merged[day as keyof OfficeHours] = value as OfficeHours[0];
  }
  return merged;
}

export function createCalendarProvider(ttlMs = CACHE_TTL_MS): CalendarProvider {
  const cache = new Map<string, { at: number; calendar: Promise<WorkingCalendar> }>();
  let generation = 0;

  async function load(db: Reader, agencyId: string): Promise<WorkingCalendar> {
    const [agency, holidays] = await Promise.all([
      db.agency.findUnique({ where: { id: agencyId }, select: { timeZone: true, officeHours: true } }),
      db.holiday.findMany({ where: { OR: [{ agencyId: null, kind: { not: 'REGIONAL' } }, { agencyId }] }, select: { date: true } }),
    ]);
    return createCalendar({
      timeZone: agency?.timeZone,
      officeHours: officeHoursFrom(agency?.officeHours ?? null),
      holidays: holidays.map((h) => h.date.toISOString().slice(0, 10)),
    });
  }

  return {
    load,
    async forAgency(db, agencyId) {
      const hit = cache.get(agencyId);
      if (hit && performance.now() - hit.at < ttlMs) return hit.calendar;
      const gen = generation;
      const calendar = load(db, agencyId);
      cache.set(agencyId, { at: performance.now(), calendar });
      calendar.catch(() => {
        if (cache.get(agencyId)?.calendar === calendar) cache.delete(agencyId);
      });
      const result = await calendar;
      // Loaded across an invalidation: do not keep what may be stale.
      if (gen !== generation && cache.get(agencyId)?.calendar === calendar) cache.delete(agencyId);
      return result;
    },
    invalidate() {
      generation++;
      cache.clear();
    },
  };
}
