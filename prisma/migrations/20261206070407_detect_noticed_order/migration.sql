-- AlterTable
ALTER TABLE "detect_trials" ADD COLUMN     "noticedYesFirst" BOOLEAN;
