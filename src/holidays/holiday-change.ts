// The one way the holiday calendar changes: permission by kind (COORDINATOR: national entries, an
// agency ADMIN: its own REGIONAL days), validation with every issue at once, then in ONE transaction
// the write, its HolidayHistory row, and the recompute of the running deadlines it touches.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import { isValidIsoDate } from '../calendar/calendar.js';
import type { UserViewer, Viewer } from '../auth/viewer.js';
import { recomputeAffectedDeadlines } from '../deadlines/recompute-affected.js';
import { DuplicateHolidayError, ForbiddenError, InputChecker, NotFoundError } from '../errors.js';
import type { Holiday } from '../generated/prisma/client.js';
import type { HolidayKind } from '../generated/prisma/enums.js';
import { isUuid } from '../uuid.js';
import type { AppServices } from '../services.js';
import { holidayScope } from './types.js';

export interface HolidayFields {
  date?: string | null;
  kind?: HolidayKind | null;
  name?: string | null;
  legalBasis?: string | null;
  /** REGIONAL only; an ADMIN's own agency by default. */
  agencyId?: string | null;
}

export interface HolidayChangeResult {
  holidayId: string;
  deleted: boolean;
  recomputedComplaints: number;
}

const NATIONAL: readonly HolidayKind[] = ['LIBUR_NASIONAL', 'CUTI_BERSAMA'];

function asUser(viewer: Viewer): UserViewer {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Only the regency coordinator or an agency admin can change holidays');
  return viewer;
}

/** Who may touch an entry of this kind and agency; throws FORBIDDEN / NOT_FOUND. */
function authorise(user: UserViewer, kind: HolidayKind, agencyId: string | null) {
  if (NATIONAL.includes(kind)) {
    if (user.role !== 'COORDINATOR') throw new ForbiddenError('Libur nasional and cuti bersama are kept by the regency coordinator');
    return;
  }
  if (user.role !== 'ADMIN') throw new ForbiddenError('Regional holidays are kept by the agency’s admin');
  // Another agency: as if it did not exist.
  if (agencyId !== user.agencyId) throw new NotFoundError('Agency', agencyId ?? '');
}

function snapshot(h: Holiday) {
  return { date: h.date.toISOString().slice(0, 10), kind: h.kind, name: h.name, legalBasis: h.legalBasis, agencyId: h.agencyId };
}

export async function changeHoliday(
  services: AppServices,
  viewer: Viewer,
  op: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string | null,
  input: HolidayFields,
): Promise<HolidayChangeResult> {
  const user = asUser(viewer);
  const { prisma } = services.db;

  let existing: Holiday | null = null;
  if (op !== 'CREATE') {
    existing = isUuid(id ?? '') ? await prisma.holiday.findFirst({ where: { AND: [{ id: id! }, holidayScope(user)] } }) : null;
    if (!existing) throw new NotFoundError('Holiday', id ?? '');
    authorise(user, existing.kind, existing.agencyId);
  }

  const check = new InputChecker();
  let next: ReturnType<typeof snapshot> | null = null;
  if (op !== 'DELETE') {
    const kind = input.kind ?? existing!.kind;
    const date = input.date ?? existing?.date.toISOString().slice(0, 10) ?? '';
    check.check(isValidIsoDate(date), 'date', 'must be a real calendar date YYYY-MM-DD');
    check.check(!isValidIsoDate(date) || (date >= '1900-01-01' && date <= '2199-12-31'), 'date', 'must be between 1900 and 2199');
    check.text('name', input.name ?? existing?.name, { max: 200 });
    check.text('legalBasis', input.legalBasis, { max: 500, required: false });
    if (existing) {
      check.check(
        NATIONAL.includes(kind) === NATIONAL.includes(existing.kind),
        'kind',
        'a regional holiday cannot become national or the other way round; delete and create instead',
      );
    }
    let agencyId: string | null = existing?.agencyId ?? null;
    if (op === 'CREATE') {
      if (NATIONAL.includes(kind)) {
        check.check(!input.agencyId, 'agencyId', 'only REGIONAL holidays belong to an agency');
      } else {
        agencyId = input.agencyId ?? (user.role === 'ADMIN' ? user.agencyId : null);
        check.check(agencyId !== null, 'agencyId', 'say which agency the regional holiday is for');
      }
      authorise(user, kind, NATIONAL.includes(kind) ? null : agencyId);
    }
    check.throwIfAny();
    next = {
      date,
      kind,
      name: (input.name ?? existing!.name).trim(),
      legalBasis: input.legalBasis === undefined ? (existing?.legalBasis ?? null) : input.legalBasis?.trim() || null,
      agencyId,
    };
    const clash = await prisma.holiday.findFirst({
      where: { date: new Date(`${date}T00:00:00Z`), kind, agencyId, ...(existing ? { id: { not: existing.id } } : {}) },
      select: { id: true },
    });
    if (clash) throw new DuplicateHolidayError(date, kind, encodeGlobalID('Holiday', clash.id));
  }

  const before = existing ? snapshot(existing) : null;
  const dates = [before?.date, next?.date].filter((d): d is string => !!d).sort();
  const scopeAgency = (next ?? before)!.agencyId;
  const reason = `hari libur ${op === 'CREATE' ? 'ditambahkan' : op === 'UPDATE' ? 'diubah' : 'dihapus'}: ${dates.join(' / ')} ${(next ?? before)!.name}`;

  let result: HolidayChangeResult;
  try {
    result = await prisma.$transaction(
      async (tx) => {
        const data = next && { ...next, date: new Date(`${next.date}T00:00:00Z`) };
        const row =
          op === 'CREATE'
            ? await tx.holiday.create({ data: data! })
            : op === 'UPDATE'
              ? await tx.holiday.update({ where: { id: existing!.id }, data: data! })
              : await tx.holiday.delete({ where: { id: existing!.id } });
        await tx.holidayHistory.create({
          data: {
            holidayId: row.id,
            actorId: user.id,
            actorRole: user.role,
            action: op,
            before: before ?? undefined,
            after: next ?? undefined,
            at: services.clock.now(),
          },
        });
        await recordAdminEvent(tx, actorOf(user), {
          action: op === 'CREATE' ? 'HOLIDAY_CREATED' : op === 'UPDATE' ? 'HOLIDAY_UPDATED' : 'HOLIDAY_DELETED',
          agencyId: scopeAgency,
          entity: 'Holiday',
          entityId: row.id,
          before,
          after: next,
        });
        const recomputedComplaints = await recomputeAffectedDeadlines(tx, services, {
          agencyId: scopeAgency,
          fromDate: dates[0]!,
          actor: { id: user.id, role: user.role },
          reason,
        });
        return { holidayId: row.id, deleted: op === 'DELETE', recomputedComplaints };
      },
      { timeout: 60_000, maxWait: 20_000 },
    );
  } catch (err) {
    // Two identical entries at the same moment: the unique index decides.
    if ((err as { code?: string }).code === 'P2002' || /Holiday_date_kind_agency_key/.test(String((err as Error).message))) {
      const clash = await prisma.holiday.findFirst({
        where: { date: new Date(`${next!.date}T00:00:00Z`), kind: next!.kind, agencyId: next!.agencyId },
      });
      throw new DuplicateHolidayError(next!.date, next!.kind, encodeGlobalID('Holiday', clash?.id ?? ''));
    }
    throw err;
  } finally {
    services.calendars.invalidate();
  }
  // The moved deadlines' history notes are committed: cached history summaries must go.
  if (result.recomputedComplaints > 0) await services.outbox.committed();
  return result;
}
