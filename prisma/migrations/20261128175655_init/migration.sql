-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'ADMIN', 'LIAISON', 'HEAD', 'DIVISION', 'AUDITOR');

-- CreateEnum
CREATE TYPE "ActorRole" AS ENUM ('COORDINATOR', 'ADMIN', 'LIAISON', 'HEAD', 'DIVISION', 'AUDITOR', 'SYSTEM', 'SERVICE');

-- CreateEnum
CREATE TYPE "ComplaintKind" AS ENUM ('LAPORAN', 'SARAN', 'INFORMASI');

-- CreateEnum
CREATE TYPE "ComplaintStatus" AS ENUM ('RECEIVED', 'REGISTERED', 'DISPOSED', 'IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED', 'REPORT_COMPILED', 'RESPONSE_DELIVERED', 'CLOSED', 'RETURNED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "WorkflowAction" AS ENUM ('RECEIVE', 'REGISTER', 'DISPOSE', 'FORMULATE_FOLLOW_UP', 'RECORD_FOLLOW_UP_RESULT', 'COMPILE_FOLLOW_UP_REPORT', 'DELIVER_RESPONSE', 'RECORD_FEEDBACK', 'AUTO_CLOSE', 'RETURN', 'DISPATCH', 'ARCHIVE', 'RESTORE', 'ESCALATE_TO_OMBUDSMAN', 'RECOMPUTE_DEADLINES');

-- CreateEnum
CREATE TYPE "ComplaintChannel" AS ENUM ('WEB', 'SMS_1708', 'MOBILE_APP', 'SOCIAL_MEDIA', 'OTHER');

-- CreateEnum
CREATE TYPE "DispositionInstruction" AS ENUM ('TINDAK_LANJUTI', 'KOORDINASIKAN', 'PELAJARI', 'UNTUK_DIKETAHUI', 'LAPORKAN_HASILNYA', 'SIAPKAN_JAWABAN', 'HADIR_WAKILI', 'ARSIPKAN');

-- CreateEnum
CREATE TYPE "DispositionPriority" AS ENUM ('BIASA', 'SEGERA', 'SANGAT_SEGERA');

-- CreateEnum
CREATE TYPE "HolidayKind" AS ENUM ('LIBUR_NASIONAL', 'CUTI_BERSAMA', 'REGIONAL');

-- CreateEnum
CREATE TYPE "DeadlineKind" AS ENUM ('FOLLOW_UP', 'AUTO_CLOSE', 'OMBUDSMAN');

-- CreateEnum
CREATE TYPE "DeadlineEventKind" AS ENUM ('WARNING', 'OVERDUE', 'AUTO_CLOSED', 'ESCALATED_TO_OMBUDSMAN');

-- CreateTable
CREATE TABLE "Agency" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "regency" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Jakarta',
    "registerNumberFormat" TEXT NOT NULL DEFAULT '{seq:4}/LAPOR/{code}/{year}',
    "officeHours" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Division" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "parentId" UUID,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Division_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nip" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "agencyId" UUID,
    "divisionId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "agencyId" UUID,
    "scopes" TEXT[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "trackingId" TEXT NOT NULL,
    "kind" "ComplaintKind" NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "category" TEXT,
    "location" TEXT,
    "channel" "ComplaintChannel" NOT NULL DEFAULT 'WEB',
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "dispatchedAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reporterName" TEXT,
    "reporterContact" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "registerYear" INTEGER,
    "registerSeq" INTEGER,
    "registerNumber" TEXT,
    "registeredAt" TIMESTAMP(3),
    "status" "ComplaintStatus" NOT NULL,
    "statusBeforeArchive" "ComplaintStatus",
    "round" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 1,
    "closedAt" TIMESTAMP(3),
    "followUpDueAt" TIMESTAMP(3),
    "followUpWarnedAt" TIMESTAMP(3),
    "followUpOverdueAt" TIMESTAMP(3),
    "responseDeliveredAt" TIMESTAMP(3),
    "autoCloseAt" TIMESTAMP(3),
    "autoCloseWarnedAt" TIMESTAMP(3),
    "ombudsmanDueAt" TIMESTAMP(3),
    "ombudsmanWarnedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "followUpResultId" UUID,
    "name" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisterCounter" (
    "agencyId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RegisterCounter_pkey" PRIMARY KEY ("agencyId","year")
);

-- CreateTable
CREATE TABLE "Disposition" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "instructions" "DispositionInstruction"[],
    "note" TEXT NOT NULL,
    "priority" "DispositionPriority" NOT NULL DEFAULT 'BIASA',
    "disposedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Disposition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispositionDivision" (
    "dispositionId" UUID NOT NULL,
    "divisionId" UUID NOT NULL,
    "complaintId" UUID NOT NULL,

    CONSTRAINT "DispositionDivision_pkey" PRIMARY KEY ("dispositionId","divisionId")
);

-- CreateTable
CREATE TABLE "FollowUpPlan" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "divisionId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "plan" TEXT NOT NULL,
    "formulatedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpResult" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "divisionId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "facts" TEXT NOT NULL,
    "actionTaken" TEXT NOT NULL,
    "solution" TEXT NOT NULL,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpReport" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "compiledById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUpReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "postedAt" TIMESTAMP(3) NOT NULL,
    "postedText" TEXT NOT NULL,
    "laporReference" TEXT,
    "deliveredById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplainantFeedback" (
    "id" UUID NOT NULL,
    "complaintId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "satisfied" BOOLEAN NOT NULL,
    "comment" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplainantFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplaintHistory" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" UUID NOT NULL,
    "actorId" UUID,
    "actorRole" "ActorRole" NOT NULL,
    "action" "WorkflowAction" NOT NULL,
    "fromStatus" "ComplaintStatus",
    "toStatus" "ComplaintStatus",
    "round" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplaintHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReporterAccessLog" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReporterAccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Holiday" (
    "id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "kind" "HolidayKind" NOT NULL,
    "name" TEXT NOT NULL,
    "legalBasis" TEXT,
    "agencyId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Holiday_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayHistory" (
    "id" BIGSERIAL NOT NULL,
    "holidayId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "actorRole" "Role" NOT NULL,
    "action" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HolidayHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimeStandard" (
    "id" UUID NOT NULL,
    "agencyId" UUID,
    "step" INTEGER NOT NULL,
    "activity" TEXT NOT NULL,
    "minMinutes" INTEGER NOT NULL,
    "maxMinutes" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TimeStandard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineEvent" (
    "id" BIGSERIAL NOT NULL,
    "complaintId" UUID NOT NULL,
    "deadline" "DeadlineKind" NOT NULL,
    "kind" "DeadlineEventKind" NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "round" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeadlineEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "Division_parentId_idx" ON "Division"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Division_agencyId_code_key" ON "Division"("agencyId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "User_nip_key" ON "User"("nip");

-- CreateIndex
CREATE INDEX "User_agencyId_idx" ON "User"("agencyId");

-- CreateIndex
CREATE INDEX "User_divisionId_idx" ON "User"("divisionId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_trackingId_key" ON "Complaint"("trackingId");

-- CreateIndex
CREATE INDEX "Complaint_agencyId_status_idx" ON "Complaint"("agencyId", "status");

-- CreateIndex
CREATE INDEX "Complaint_agencyId_receivedAt_idx" ON "Complaint"("agencyId", "receivedAt");

-- CreateIndex
CREATE INDEX "Complaint_followUpDueAt_idx" ON "Complaint"("followUpDueAt");

-- CreateIndex
CREATE INDEX "Complaint_autoCloseAt_idx" ON "Complaint"("autoCloseAt");

-- CreateIndex
CREATE INDEX "Complaint_ombudsmanDueAt_idx" ON "Complaint"("ombudsmanDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_agencyId_registerYear_registerSeq_key" ON "Complaint"("agencyId", "registerYear", "registerSeq");

-- CreateIndex
CREATE INDEX "Attachment_complaintId_idx" ON "Attachment"("complaintId");

-- CreateIndex
CREATE INDEX "Attachment_followUpResultId_idx" ON "Attachment"("followUpResultId");

-- CreateIndex
CREATE INDEX "Disposition_complaintId_idx" ON "Disposition"("complaintId");

-- CreateIndex
CREATE INDEX "DispositionDivision_divisionId_complaintId_idx" ON "DispositionDivision"("divisionId", "complaintId");

-- CreateIndex
CREATE INDEX "DispositionDivision_complaintId_idx" ON "DispositionDivision"("complaintId");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpPlan_complaintId_divisionId_round_key" ON "FollowUpPlan"("complaintId", "divisionId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpResult_complaintId_divisionId_round_key" ON "FollowUpResult"("complaintId", "divisionId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpReport_complaintId_round_key" ON "FollowUpReport"("complaintId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "Response_complaintId_round_key" ON "Response"("complaintId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "ComplainantFeedback_complaintId_round_key" ON "ComplainantFeedback"("complaintId", "round");

-- CreateIndex
CREATE INDEX "ComplaintHistory_complaintId_id_idx" ON "ComplaintHistory"("complaintId", "id");

-- CreateIndex
CREATE INDEX "ReporterAccessLog_complaintId_idx" ON "ReporterAccessLog"("complaintId");

-- CreateIndex
CREATE INDEX "Holiday_date_idx" ON "Holiday"("date");

-- CreateIndex
CREATE UNIQUE INDEX "TimeStandard_agencyId_step_key" ON "TimeStandard"("agencyId", "step");

-- CreateIndex
CREATE INDEX "DeadlineEvent_at_idx" ON "DeadlineEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineEvent_complaintId_deadline_kind_round_key" ON "DeadlineEvent"("complaintId", "deadline", "kind", "round");

-- AddForeignKey
ALTER TABLE "Division" ADD CONSTRAINT "Division_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Division" ADD CONSTRAINT "Division_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_followUpResultId_fkey" FOREIGN KEY ("followUpResultId") REFERENCES "FollowUpResult"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisterCounter" ADD CONSTRAINT "RegisterCounter_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disposition" ADD CONSTRAINT "Disposition_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionDivision" ADD CONSTRAINT "DispositionDivision_dispositionId_fkey" FOREIGN KEY ("dispositionId") REFERENCES "Disposition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionDivision" ADD CONSTRAINT "DispositionDivision_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionDivision" ADD CONSTRAINT "DispositionDivision_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpPlan" ADD CONSTRAINT "FollowUpPlan_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpPlan" ADD CONSTRAINT "FollowUpPlan_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpResult" ADD CONSTRAINT "FollowUpResult_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpResult" ADD CONSTRAINT "FollowUpResult_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpReport" ADD CONSTRAINT "FollowUpReport_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplainantFeedback" ADD CONSTRAINT "ComplainantFeedback_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplaintHistory" ADD CONSTRAINT "ComplaintHistory_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReporterAccessLog" ADD CONSTRAINT "ReporterAccessLog_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Holiday" ADD CONSTRAINT "Holiday_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TimeStandard" ADD CONSTRAINT "TimeStandard_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeadlineEvent" ADD CONSTRAINT "DeadlineEvent_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Not expressible in the Prisma schema --------------------------------------------------------

-- History is evidence: once written, a row can be neither changed nor removed.
CREATE FUNCTION tuntas_reject_history_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ComplaintHistory_append_only"
  BEFORE UPDATE OR DELETE ON "ComplaintHistory"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "ComplaintHistory_no_truncate"
  BEFORE TRUNCATE ON "ComplaintHistory"
  FOR EACH STATEMENT EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "HolidayHistory_append_only"
  BEFORE UPDATE OR DELETE ON "HolidayHistory"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "ReporterAccessLog_append_only"
  BEFORE UPDATE OR DELETE ON "ReporterAccessLog"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();

-- One entry per date, kind and agency (national entries have no agency).
CREATE UNIQUE INDEX "Holiday_date_kind_agency_key"
  ON "Holiday" ("date", "kind", COALESCE("agencyId", '00000000-0000-0000-0000-000000000000'::uuid));

-- Text search on title and content.
CREATE INDEX "Complaint_text_search_idx" ON "Complaint"
  USING GIN (to_tsvector('simple', "title" || ' ' || "content"));
