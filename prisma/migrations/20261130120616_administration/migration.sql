-- CreateEnum
CREATE TYPE "AdminAction" AS ENUM ('AGENCY_CREATED', 'AGENCY_UPDATED', 'DIVISION_CREATED', 'DIVISION_UPDATED', 'USER_CREATED', 'USER_UPDATED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'PASSWORD_RESET', 'PASSWORD_CHANGED', 'LOGGED_OUT_EVERYWHERE', 'SECOND_FACTOR_ENABLED', 'SECOND_FACTOR_DISABLED', 'API_KEY_CREATED', 'API_KEY_REVOKED', 'HOLIDAY_CREATED', 'HOLIDAY_UPDATED', 'HOLIDAY_DELETED', 'TIME_STANDARD_UPDATED');

-- AlterTable
ALTER TABLE "Division" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tokenVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totpLastStep" INTEGER,
ADD COLUMN     "totpPendingSecret" TEXT,
ADD COLUMN     "totpRecoveryHashes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "totpSecret" TEXT;

-- CreateTable
CREATE TABLE "AdminEvent" (
    "id" BIGSERIAL NOT NULL,
    "actorId" UUID,
    "actorRole" "ActorRole" NOT NULL,
    "action" "AdminAction" NOT NULL,
    "agencyId" UUID,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdminEvent_agencyId_id_idx" ON "AdminEvent"("agencyId", "id");

-- CreateIndex
CREATE INDEX "AdminEvent_entity_entityId_idx" ON "AdminEvent"("entity", "entityId");


-- The admin audit is append-only, enforced by the database itself (function from the init migration).
CREATE TRIGGER "AdminEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AdminEvent"
  FOR EACH ROW EXECUTE FUNCTION tuntas_reject_history_change();
CREATE TRIGGER "AdminEvent_no_truncate"
  BEFORE TRUNCATE ON "AdminEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION tuntas_reject_history_change();
