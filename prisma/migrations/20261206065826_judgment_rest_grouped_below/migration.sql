-- AlterTable
ALTER TABLE "judgments" ADD COLUMN     "restGroupedBelow" BOOLEAN NOT NULL DEFAULT false;
