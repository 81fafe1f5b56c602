-- DropIndex
DROP INDEX "Complaint_followUpDueAt_idx";

-- DropIndex
DROP INDEX "Complaint_ombudsmanDueAt_idx";

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "autoCloseWarnAt" TIMESTAMP(3),
ADD COLUMN     "followUpWarnAt" TIMESTAMP(3),
ADD COLUMN     "ombudsmanWarnAt" TIMESTAMP(3);


-- Not expressible in the Prisma schema --------------------------------------------------------

-- The deadline sweeper's due-row scans. Each index holds only the items still waiting for the
-- sweeper (a stopped clock has NULL columns, an acted-on one its marker set), so a sweep costs the
-- number of due items, not the table size.
CREATE INDEX "Complaint_followUp_due_idx" ON "Complaint" ("followUpDueAt")
  WHERE "followUpDueAt" IS NOT NULL AND "followUpOverdueAt" IS NULL;
CREATE INDEX "Complaint_followUp_warn_idx" ON "Complaint" ("followUpWarnAt")
  WHERE "followUpWarnAt" IS NOT NULL AND "followUpWarnedAt" IS NULL;
CREATE INDEX "Complaint_autoClose_warn_idx" ON "Complaint" ("autoCloseWarnAt")
  WHERE "autoCloseWarnAt" IS NOT NULL AND "autoCloseWarnedAt" IS NULL;
CREATE INDEX "Complaint_ombudsman_due_idx" ON "Complaint" ("ombudsmanDueAt")
  WHERE "ombudsmanDueAt" IS NOT NULL AND "escalatedAt" IS NULL;
CREATE INDEX "Complaint_ombudsman_warn_idx" ON "Complaint" ("ombudsmanWarnAt")
  WHERE "ombudsmanWarnAt" IS NOT NULL AND "ombudsmanWarnedAt" IS NULL;

-- One default time standard per SOP step (agencyId NULL); the @@unique on (agencyId, step) treats
-- NULLs as distinct, so instances seeding at the same moment could otherwise both insert.
CREATE UNIQUE INDEX "TimeStandard_default_step_key" ON "TimeStandard" ("step") WHERE "agencyId" IS NULL;
