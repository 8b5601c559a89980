/*
  Warnings:

  - A unique constraint covering the columns `[itemId,importRef]` on the table `judgments` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[importKey]` on the table `users` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "JudgmentSource" AS ENUM ('LABELED', 'IMPORTED');

-- AlterTable
ALTER TABLE "judgments" ADD COLUMN     "importRef" TEXT,
ADD COLUMN     "source" "JudgmentSource" NOT NULL DEFAULT 'LABELED',
ALTER COLUMN "assignmentId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "importKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "judgments_itemId_importRef_key" ON "judgments"("itemId", "importRef");

-- CreateIndex
CREATE UNIQUE INDEX "users_importKey_key" ON "users"("importKey");
