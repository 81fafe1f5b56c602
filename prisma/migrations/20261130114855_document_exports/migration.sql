-- CreateTable
CREATE TABLE "DocumentExport" (
    "id" BIGSERIAL NOT NULL,
    "linkId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "agencyId" UUID,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "fileName" TEXT NOT NULL,
    "rowCount" INTEGER,
    "confidentialRevealed" INTEGER NOT NULL DEFAULT 0,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DocumentExport_userId_at_idx" ON "DocumentExport"("userId", "at");

-- CreateIndex
CREATE INDEX "DocumentExport_agencyId_at_idx" ON "DocumentExport"("agencyId", "at");


-- Not expressible in the Prisma schema --------------------------------------------------------

-- The export log is evidence, like the complaint history: rows can be neither changed nor removed.
CREATE TRIGGER "DocumentExport_append_only"
  BEFORE UPDATE OR DELETE ON "DocumentExport"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "DocumentExport_no_truncate"
  BEFORE TRUNCATE ON "DocumentExport"
  FOR EACH STATEMENT EXECUTE FUNCTION tuntas_reject_history_change();
