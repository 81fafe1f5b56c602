-- AlterTable
ALTER TABLE "ComplaintHistory" ADD COLUMN     "summaryEn" TEXT;

