// The one way the clock policy changes: who (the COORDINATOR the regency defaults, an agency ADMIN
// its own overrides), what (a class's length, or a whole preset), then in ONE transaction the rows,
// the audit row (an AdminEvent, CLOCK_POLICY_*) and the recompute of every running clock it can move (as a holiday change does).
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import type { UserViewer, Viewer } from '../auth/viewer.js';
import { recomputeAffectedDeadlines } from '../deadlines/recompute-affected.js';
import { ForbiddenError, InputChecker, NotFoundError } from '../errors.js';
import type { AppServices } from '../services.js';
import { isUuid } from '../uuid.js';
import { clockPolicyWritten } from './store.js';
import { CLOCK_PRESETS, COMPLAINT_CLASSES, MAX_FOLLOW_UP_WORKING_DAYS, type ClockPreset, type ComplaintClass } from './policy.js';

export interface ClockPolicyChangeResult {
  /** null = the regency defaults. */
  agencyId: string | null;
  recomputedComplaints: number;
}

/** Which rows the viewer edits: COORDINATOR the defaults (no agency), ADMIN its own agency's. */
function target(viewer: Viewer, requested: string | null): { user: UserViewer; agencyId: string | null } {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Staff only');
  if (viewer.role === 'COORDINATOR') {
    if (requested) throw new ForbiddenError('An agency’s overrides are set by its admin; the coordinator sets the regency defaults');
    return { user: viewer, agencyId: null };
  }
  if (viewer.role !== 'ADMIN') throw new ForbiddenError('Only the coordinator or an agency admin sets clock policy');
  // Another agency: as if it did not exist.
  if (requested && requested !== viewer.agencyId) throw new NotFoundError('Agency', requested);
  if (!viewer.agencyId) throw new NotFoundError('Agency', '');
  return { user: viewer, agencyId: viewer.agencyId };
}

/** Desired lengths per class (null = remove the row: fall back to the next level). */
type Lengths = Partial<Record<ComplaintClass, number | null>>;

export async function changeClockPolicy(
  services: AppServices,
  viewer: Viewer,
  requestedAgencyId: string | null,
  change: { kind: 'SET'; lengths: Lengths } | { kind: 'PRESET'; preset: ClockPreset },
): Promise<ClockPolicyChangeResult> {
  const { user, agencyId } = target(viewer, requestedAgencyId);
  const lengths: Lengths = change.kind === 'PRESET' ? { ...CLOCK_PRESETS[change.preset] } : change.lengths;
  const check = new InputChecker();
  for (const [k, v] of Object.entries(lengths)) {
    if (v === null) continue;
    check.check(
      Number.isInteger(v) && v! >= 1 && v! <= MAX_FOLLOW_UP_WORKING_DAYS,
      `followUpWorkingDays.${k}`,
      `must be a whole number of working days from 1 to ${MAX_FOLLOW_UP_WORKING_DAYS}`,
    );
  }
  check.check(Object.keys(lengths).length > 0, 'followUpWorkingDays', 'name at least one class');
  if (requestedAgencyId && !isUuid(requestedAgencyId)) throw new NotFoundError('Agency', requestedAgencyId);
  check.throwIfAny();

  const result = await services.db.prisma.$transaction(
    async (tx) => {
      // Rows with a NULL agency are not covered by the unique index: serialise policy edits.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tuntas:clock-policy'))`;
      const rows = await tx.clockPolicy.findMany({ where: { agencyId } });
      const before = Object.fromEntries(rows.map((r) => [r.complaintClass, r.followUpWorkingDays]));
      for (const k of COMPLAINT_CLASSES) {
        if (!(k in lengths)) continue;
        const v = lengths[k];
        const existing = rows.find((r) => r.complaintClass === k);
        if (v === null || v === undefined) {
          if (existing) await tx.clockPolicy.delete({ where: { id: existing.id } });
        } else if (existing) {
          if (existing.followUpWorkingDays !== v)
            await tx.clockPolicy.update({ where: { id: existing.id }, data: { followUpWorkingDays: v } });
        } else {
          await tx.clockPolicy.create({ data: { agencyId, complaintClass: k, followUpWorkingDays: v } });
        }
      }
      clockPolicyWritten(tx);
      const after = Object.fromEntries(
        (await tx.clockPolicy.findMany({ where: { agencyId } })).map((r) => [r.complaintClass, r.followUpWorkingDays]),
      );
      const recomputed = await recomputeAffectedDeadlines(tx, services, {
        agencyId,
        // Every running clock: a length change moves due dates in the past as well as the future.
        fromDate: '1970-01-01',
        actor: { id: user.id, role: user.role },
        reason: change.kind === 'PRESET' ? `kebijakan batas waktu: preset ${change.preset}` : 'kebijakan batas waktu diubah',
      });
      await recordAdminEvent(tx, actorOf(user), {
        action:
          change.kind === 'PRESET'
            ? 'CLOCK_POLICY_PRESET_APPLIED'
            : Object.values(lengths).every((v) => v === null)
              ? 'CLOCK_POLICY_CLEARED'
              : 'CLOCK_POLICY_SET',
        agencyId,
        entity: 'ClockPolicy',
        entityId: agencyId ?? 'REGENCY',
        before,
        after,
        detail: { ...(change.kind === 'PRESET' ? { preset: change.preset } : {}), recomputedComplaints: recomputed },
      });
      return { agencyId, recomputedComplaints: recomputed };
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  // The moved deadlines' history notes are committed: cached history summaries must go.
  if (result.recomputedComplaints > 0) await services.outbox.committed();
  return result;
}
