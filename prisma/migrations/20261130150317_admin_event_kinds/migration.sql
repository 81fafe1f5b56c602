-- The audit kinds the clock policy changes and document exports fold into (fold_audit_tables copies
-- the old rows). Separate migration: a value added by ADD VALUE cannot be used in the transaction that
-- adds it, and each migration runs in one transaction.

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AdminAction" ADD VALUE 'CLOCK_POLICY_SET';
ALTER TYPE "AdminAction" ADD VALUE 'CLOCK_POLICY_CLEARED';
ALTER TYPE "AdminAction" ADD VALUE 'CLOCK_POLICY_PRESET_APPLIED';
ALTER TYPE "AdminAction" ADD VALUE 'DOCUMENT_EXPORTED';

-- AlterTable
ALTER TABLE "AdminEvent" ADD COLUMN     "detail" JSONB;

