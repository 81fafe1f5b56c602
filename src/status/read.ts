// The public status read in one plain SQL statement through the driver: no Prisma query compilation
// per call (the cost that dominated this read), and the row comes back already shaped like the
// Prisma selection ComplaintStatusView's fields expect (agency.name, the latest response), so
// plugin-prisma resolves them from it without a second query.
import type { Database } from '../db/database.js';

export interface StatusRow {
  id: string;
  trackingId: string;
  kind: string;
  status: string;
  round: number;
  version: number;
  receivedAt: Date;
  firstReceivedAt: Date;
  registeredAt: Date | null;
  responseDeliveredAt: Date | null;
  hasOversight: boolean;
  pausedAt: Date | null;
  pauseReason: string | null;
  closedAt: Date | null;
  agency: { name: string };
  responses: { postedAt: Date }[];
}

// Prisma keeps DateTime as timestamp(3) in UTC; AT TIME ZONE 'UTC' hands the drivers an absolute
// time (timestamptz), so neither parses it in the process's local zone.
const STATUS_SQL = `SELECT c.id, c."trackingId", c.kind::text AS kind, c.status::text AS status, c.round, c.version,
    c."receivedAt" AT TIME ZONE 'UTC' AS "receivedAt",
    c."firstReceivedAt" AT TIME ZONE 'UTC' AS "firstReceivedAt",
    c."responseDeliveredAt" AT TIME ZONE 'UTC' AS "responseDeliveredAt",
    c."hasOversight", c."pausedAt" AT TIME ZONE 'UTC' AS "pausedAt", c."pauseReason"::text AS "pauseReason",
    c."registeredAt" AT TIME ZONE 'UTC' AS "registeredAt",
    c."closedAt" AT TIME ZONE 'UTC' AS "closedAt",
    a.name AS "agencyName",
    (SELECT max(r."postedAt") FROM "Response" r WHERE r."complaintId" = c.id) AT TIME ZONE 'UTC' AS "respondedAt"
  FROM "Complaint" c JOIN "Agency" a ON a.id = c."agencyId"
  WHERE c."trackingId" = $1`;

type Raw = Omit<StatusRow, 'agency' | 'responses'> & { agencyName: string; respondedAt: Date | null };

const asDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

export async function readComplaintStatus(db: Database, trackingId: string): Promise<StatusRow | null> {
  const [row] = await db.query<Raw>(STATUS_SQL, [trackingId]);
  if (!row) return null;
  const respondedAt = asDate(row.respondedAt);
  return {
    id: row.id,
    trackingId: row.trackingId,
    kind: row.kind,
    status: row.status,
    round: row.round,
    version: row.version,
    receivedAt: asDate(row.receivedAt)!,
    firstReceivedAt: asDate(row.firstReceivedAt)!,
    responseDeliveredAt: asDate(row.responseDeliveredAt),
    hasOversight: row.hasOversight,
    pausedAt: asDate(row.pausedAt),
    pauseReason: row.pauseReason,
    registeredAt: asDate(row.registeredAt),
    closedAt: asDate(row.closedAt),
    agency: { name: row.agencyName },
    responses: respondedAt ? [{ postedAt: respondedAt }] : [],
  };
}
