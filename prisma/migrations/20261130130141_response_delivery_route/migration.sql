-- CreateEnum
CREATE TYPE "ResponseDeliveryRoute" AS ENUM ('MANUAL', 'CONNECTOR');

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "deliveredVia" "ResponseDeliveryRoute" NOT NULL DEFAULT 'MANUAL';

