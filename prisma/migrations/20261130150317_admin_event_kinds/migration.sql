-- The audit kinds the clock policy changes and document exports fold into (fold_audit_tables copies
-- the old rows), and the detail column they use.
-- The enum is rebuilt rather than extended with ADD VALUE: a value added by ADD VALUE cannot be used
-- in the transaction that added it, and db:restore/db:move apply every migration and load the rows in
-- one transaction. A type created in a transaction can be used in it at once. AdminEvent's rewrite
-- does not fire its append-only row triggers. The webhook and e-mail kinds of the outbox migration
-- before it are carried over (the same reason applies to them).

-- AlterEnum
CREATE TYPE "AdminAction_new" AS ENUM ('AGENCY_CREATED', 'AGENCY_UPDATED', 'DIVISION_CREATED', 'DIVISION_UPDATED', 'USER_CREATED', 'USER_UPDATED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'PASSWORD_RESET', 'PASSWORD_CHANGED', 'LOGGED_OUT_EVERYWHERE', 'SECOND_FACTOR_ENABLED', 'SECOND_FACTOR_DISABLED', 'API_KEY_CREATED', 'API_KEY_REVOKED', 'HOLIDAY_CREATED', 'HOLIDAY_UPDATED', 'HOLIDAY_DELETED', 'TIME_STANDARD_UPDATED', 'CLOCK_POLICY_SET', 'CLOCK_POLICY_CLEARED', 'CLOCK_POLICY_PRESET_APPLIED', 'DOCUMENT_EXPORTED', 'WEBHOOK_ENDPOINT_CREATED', 'WEBHOOK_ENDPOINT_UPDATED', 'WEBHOOK_ENDPOINT_DISABLED', 'WEBHOOK_SECRET_ROTATED', 'WEBHOOK_ENDPOINT_DELETED', 'EMAIL_NOTIFICATIONS_CHANGED');
ALTER TABLE "AdminEvent" ALTER COLUMN "action" TYPE "AdminAction_new" USING ("action"::text::"AdminAction_new");
ALTER TYPE "AdminAction" RENAME TO "AdminAction_old";
ALTER TYPE "AdminAction_new" RENAME TO "AdminAction";
DROP TYPE "AdminAction_old";

-- AlterTable
ALTER TABLE "AdminEvent" ADD COLUMN     "detail" JSONB;
