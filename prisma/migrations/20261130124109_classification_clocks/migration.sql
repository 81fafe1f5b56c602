-- CreateEnum
CREATE TYPE "ComplaintClass" AS ENUM ('ASPIRASI', 'INFORMASI', 'LAPORAN', 'LAPORAN_PENGAWASAN');

-- CreateEnum
CREATE TYPE "PauseReason" AS ENUM ('AWAITING_REPORTER', 'AWAITING_THIRD_PARTY');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "WorkflowAction" ADD VALUE 'PAUSE';
ALTER TYPE "WorkflowAction" ADD VALUE 'RESUME';
ALTER TYPE "WorkflowAction" ADD VALUE 'EXTEND_FOLLOW_UP';
ALTER TYPE "WorkflowAction" ADD VALUE 'RECLASSIFY';

-- AlterEnum
ALTER TYPE "DeadlineKind" ADD VALUE 'PAUSE';

-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "categoryId" UUID,
ADD COLUMN     "followUpExtendedRound" INTEGER,
ADD COLUMN     "followUpExtensionDays" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "followUpExtensionReason" TEXT,
ADD COLUMN     "hasOversight" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pauseLimitAt" TIMESTAMP(3),
ADD COLUMN     "pauseNote" TEXT,
ADD COLUMN     "pauseReason" "PauseReason",
ADD COLUMN     "pauseWarnedAt" TIMESTAMP(3),
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedWorkingDays" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ClockPolicy" (
    "id" UUID NOT NULL,
    "agencyId" UUID,
    "complaintClass" "ComplaintClass" NOT NULL,
    "followUpWorkingDays" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClockPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClockPolicyChange" (
    "id" BIGSERIAL NOT NULL,
    "agencyId" UUID,
    "actorId" UUID NOT NULL,
    "actorRole" "Role" NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "recomputed" INTEGER NOT NULL DEFAULT 0,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClockPolicyChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintCategory" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "defaultDivisionIds" TEXT[],
    "aliases" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComplaintCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseTemplate" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "categoryId" UUID,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResponseTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternalNote" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "authorRole" "Role" NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternalNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClockPolicy_agencyId_complaintClass_key" ON "ClockPolicy"("agencyId", "complaintClass");

-- CreateIndex
CREATE INDEX "ClockPolicyChange_agencyId_id_idx" ON "ClockPolicyChange"("agencyId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ComplaintCategory_agencyId_code_key" ON "ComplaintCategory"("agencyId", "code");

-- CreateIndex
CREATE INDEX "ResponseTemplate_agencyId_categoryId_idx" ON "ResponseTemplate"("agencyId", "categoryId");

-- CreateIndex
CREATE INDEX "InternalNote_complaintId_id_idx" ON "InternalNote"("complaintId", "id");

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "ComplaintCategory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClockPolicy" ADD CONSTRAINT "ClockPolicy_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintCategory" ADD CONSTRAINT "ComplaintCategory_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTemplate" ADD CONSTRAINT "ResponseTemplate_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseTemplate" ADD CONSTRAINT "ResponseTemplate_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "ComplaintCategory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternalNote" ADD CONSTRAINT "InternalNote_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Not expressible in the Prisma schema --------------------------------------------------------

-- Audit and notes are evidence: once written, a row can be neither changed nor removed.
CREATE TRIGGER "ClockPolicyChange_append_only"
  BEFORE UPDATE OR DELETE ON "ClockPolicyChange"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "InternalNote_append_only"
  BEFORE UPDATE OR DELETE ON "InternalNote"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();

-- One regency default per class: the @@unique on (agencyId, complaintClass) treats NULLs as distinct.
CREATE UNIQUE INDEX "ClockPolicy_regency_class_key" ON "ClockPolicy" ("complaintClass") WHERE "agencyId" IS NULL;

-- The sweeper's scan for pauses that outlasted the maximum (pending items only, as deadline_sweep).
CREATE INDEX "Complaint_pause_warn_idx" ON "Complaint" ("pauseLimitAt")
  WHERE "pauseLimitAt" IS NOT NULL AND "pauseWarnedAt" IS NULL;
