-- CreateTable
CREATE TABLE "RegisterEntry" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "complaintId" UUID NOT NULL,
    "trackingId" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "registeredById" UUID,

    CONSTRAINT "RegisterEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RegisterEntry_agencyId_registeredAt_idx" ON "RegisterEntry"("agencyId", "registeredAt");

-- CreateIndex
CREATE INDEX "RegisterEntry_complaintId_idx" ON "RegisterEntry"("complaintId");

-- CreateIndex
CREATE UNIQUE INDEX "RegisterEntry_agencyId_year_seq_key" ON "RegisterEntry"("agencyId", "year", "seq");

-- AddForeignKey
ALTER TABLE "RegisterEntry" ADD CONSTRAINT "RegisterEntry_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisterEntry" ADD CONSTRAINT "RegisterEntry_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill: every complaint registered so far has its line in its agency's book.
INSERT INTO "RegisterEntry" ("id", "agencyId", "year", "seq", "number", "complaintId", "trackingId", "registeredAt")
SELECT gen_random_uuid(), "agencyId", "registerYear", "registerSeq", "registerNumber", "id", "trackingId", "registeredAt"
FROM "Complaint"
WHERE "registerSeq" IS NOT NULL AND "registerYear" IS NOT NULL AND "registerNumber" IS NOT NULL AND "registeredAt" IS NOT NULL;
