// Who may have which document, checked when a link is asked for (the mutation) and again when it is
// downloaded (the user's role or agency may have changed in between). A document about an agency or
// complaint the caller may not see answers NOT_FOUND, exactly as the GraphQL reads do.
import type { UserViewer } from '../auth/viewer.js';
import { addCalendarDays, isValidIsoDate } from '../calendar/calendar.js';
import { agencyForRead } from '../complaints/agency-arg.js';
import { complaintListWhere } from '../complaints/queries.js';
import { MAX_REGISTER_BOOK_DAYS } from '../complaints/register-book.js';
import { ForbiddenError } from '../errors.js';
import { complaintScope } from '../complaints/visibility.js';
import { InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { isUuid } from '../graphql/ids.js';
import type { AppServices } from '../services.js';
import type { DocumentRequest } from './kinds.js';

/** The longest period one CSV export covers; longer ones are split by the caller. */
export const MAX_CSV_DAYS = 366;

export const AGENCY_REPORT_ROLES = ['ADMIN', 'LIAISON', 'HEAD', 'AUDITOR', 'COORDINATOR'] as const;

export interface Checked {
  /** The agency the document is about (null: regency-wide). */
  agencyId: string | null;
  agencyCode: string | null;
  /** What names a single-complaint document: its register number or tracking ID. */
  reference: string | null;
}

/** agencyForRead only looks at the viewer and the database. */
const asContext = (services: AppServices, viewer: UserViewer) => ({ services, viewer }) as unknown as Context;

async function agencyCode(services: AppServices, agencyId: string | null): Promise<string | null> {
  if (!agencyId) return null;
  return (await services.db.prisma.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { code: true } })).code;
}

function requireRole(viewer: UserViewer, roles: readonly string[]) {
  if (!roles.includes(viewer.role)) throw new ForbiddenError('Your role does not receive this document');
}

export function monthValid(month: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && Number(month.slice(0, 4)) >= 2000;
}

async function visibleComplaint(services: AppServices, viewer: UserViewer, complaintId: string) {
  const found = isUuid(complaintId)
    ? await services.db.prisma.complaint.findFirst({
        where: { AND: [{ id: complaintId }, complaintScope(viewer)] },
        select: { id: true, agencyId: true, trackingId: true, registerNumber: true, round: true },
      })
    : null;
  if (!found) throw new NotFoundError('Complaint', complaintId);
  return found;
}

/** Throws a typed error (nothing is generated) or says what the document is about. */
export async function checkRequest(services: AppServices, viewer: UserViewer, r: DocumentRequest, now: Date): Promise<Checked> {
  const { prisma } = services.db;
  switch (r.kind) {
    case 'REGISTER_BOOK': {
      requireRole(viewer, AGENCY_REPORT_ROLES);
      const check = new InputChecker();
      check.check(isValidIsoDate(r.from), 'from', 'must be a date YYYY-MM-DD');
      check.check(isValidIsoDate(r.to), 'to', 'must be a date YYYY-MM-DD');
      check.throwIfAny();
      check.check(r.from <= r.to, 'to', 'must not be before from');
      check.check(
        addCalendarDays(r.from, MAX_REGISTER_BOOK_DAYS - 1) >= r.to,
        'to',
        `the period can be at most ${MAX_REGISTER_BOOK_DAYS} days`,
      );
      check.throwIfAny();
      const agencyId = await agencyForRead(asContext(services, viewer), r.agencyId || null);
      if (!agencyId) throw new InvalidInputError([{ field: 'agencyId', message: 'say which agency’s register book' }]);
      return { agencyId, agencyCode: await agencyCode(services, agencyId), reference: null };
    }
    case 'DISPOSITION_SHEET': {
      const c = await visibleComplaint(services, viewer, r.complaintId);
      const disposition = await prisma.disposition.findFirst({ where: { complaintId: c.id }, select: { id: true } });
      if (!disposition)
        throw new InvalidInputError([
          { field: 'complaintId', message: 'the report has not been disposed yet: there is no disposition sheet' },
        ]);
      return { agencyId: c.agencyId, agencyCode: await agencyCode(services, c.agencyId), reference: c.registerNumber ?? c.trackingId };
    }
    case 'FOLLOW_UP_REPORT': {
      const c = await visibleComplaint(services, viewer, r.complaintId);
      const check = new InputChecker();
      check.check(
        Number.isInteger(r.round) && r.round >= 1 && r.round <= c.round,
        'round',
        `must be a round of this report (1–${c.round})`,
      );
      check.throwIfAny();
      const report = await prisma.followUpReport.findUnique({
        where: { complaintId_round: { complaintId: c.id, round: r.round } },
        select: { id: true },
      });
      if (!report)
        throw new InvalidInputError([{ field: 'round', message: 'the follow-up report of this round has not been compiled yet' }]);
      return { agencyId: c.agencyId, agencyCode: await agencyCode(services, c.agencyId), reference: c.trackingId };
    }
    case 'MONTHLY_RECAP': {
      requireRole(viewer, AGENCY_REPORT_ROLES);
      const check = new InputChecker();
      check.check(monthValid(r.month), 'month', 'must be a month YYYY-MM');
      // The easternmost zone (WIT, UTC+9) is the first to reach a new month.
      check.check(
        !monthValid(r.month) || r.month <= new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7),
        'month',
        'must not be in the future',
      );
      check.throwIfAny();
      // The coordinator may ask for one agency or, without one, the whole regency.
      const agencyId = await agencyForRead(asContext(services, viewer), r.agencyId || null);
      return { agencyId, agencyCode: await agencyCode(services, agencyId), reference: null };
    }
    case 'COMPLAINTS_CSV': {
      const f = r.filter;
      const from = new Date(f.receivedFrom);
      const to = new Date(f.receivedTo);
      const check = new InputChecker();
      check.check(from < to, 'receivedTo', 'must be after receivedFrom');
      check.check(
        to.getTime() - from.getTime() <= MAX_CSV_DAYS * 86_400_000,
        'receivedTo',
        `the period can be at most ${MAX_CSV_DAYS} days`,
      );
      check.throwIfAny();
      const agencyId = await agencyForRead(asContext(services, viewer), f.agencyId || null);
      if (f.divisionId && !isUuid(f.divisionId)) throw new NotFoundError('Division', f.divisionId);
      // The rest of the filter is checked exactly as the complaints connection checks it.
      complaintListWhere(asContext(services, viewer), { ...f, agencyId: null, divisionId: null, receivedFrom: from, receivedTo: to });
      return { agencyId, agencyCode: await agencyCode(services, agencyId), reference: null };
    }
  }
}
