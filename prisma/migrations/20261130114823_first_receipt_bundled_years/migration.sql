-- Issue 20. (1) The Ombudsman clock runs from the first receipt in the regency, kept across
-- dispatches: "firstReceivedAt", filled for existing rows from the history (the earliest RECEIVE row;
-- a dispatch writes DISPATCH, not RECEIVE), else "receivedAt". (2) Bundled holiday years: history rows
-- by SYSTEM naming their source. (3) A dispatched report's new follow-up clock is a new deadline of
-- the same round: dueAt joins the deadline events' unique key.

-- DropIndex
DROP INDEX "DeadlineEvent_complaintId_deadline_kind_round_key";

-- AlterTable (hand-edited: add, fill, then require)
ALTER TABLE "Complaint" ADD COLUMN     "firstReceivedAt" TIMESTAMP(3);
UPDATE "Complaint" c SET "firstReceivedAt" = LEAST(
  c."receivedAt",
  COALESCE((SELECT MIN(h."at") FROM "ComplaintHistory" h WHERE h."complaintId" = c.id AND h."action" = 'RECEIVE'), c."receivedAt")
);
ALTER TABLE "Complaint" ALTER COLUMN "firstReceivedAt" SET NOT NULL;

-- AlterTable (hand-edited: keep the roles already recorded; Role's values are all ActorRole values)
ALTER TABLE "HolidayHistory" ADD COLUMN     "source" TEXT,
ALTER COLUMN "actorId" DROP NOT NULL,
ALTER COLUMN "actorRole" TYPE "ActorRole" USING "actorRole"::text::"ActorRole";

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineEvent_complaintId_deadline_kind_round_dueAt_key" ON "DeadlineEvent"("complaintId", "deadline", "kind", "round", "dueAt");

-- National entries seeded from the bundled list before history was kept (no history row at all):
-- recorded as BUNDLED, so holidayCoverage can tell bundled years from edited ones.
INSERT INTO "HolidayHistory" ("holidayId", "actorId", "actorRole", "action", "source", "after", "at")
SELECT h.id, NULL, 'SYSTEM', 'BUNDLED', 'src/calendar/holidays-id.tsv (seeded before holiday history named its source)',
  jsonb_build_object('date', to_char(h."date", 'YYYY-MM-DD'), 'kind', h."kind"::text, 'name', h."name", 'legalBasis', h."legalBasis", 'agencyId', NULL),
  h."createdAt"
FROM "Holiday" h
WHERE h."agencyId" IS NULL AND h."kind" IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA')
  AND NOT EXISTS (SELECT 1 FROM "HolidayHistory" x WHERE x."holidayId" = h.id);
