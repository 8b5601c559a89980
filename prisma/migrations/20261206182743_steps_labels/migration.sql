-- CreateEnum
CREATE TYPE "StepFinalAnswer" AS ENUM ('CORRECT', 'INCORRECT', 'CANT_TELL');

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'STEPS';

-- CreateTable
CREATE TABLE "step_judgments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignmentId" UUID,
    "source" "JudgmentSource" NOT NULL DEFAULT 'LABELED',
    "importRef" TEXT,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "steps" TEXT[],
    "labels" JSONB NOT NULL,
    "finalAnswer" "StepFinalAnswer",
    "finishReason" TEXT,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "step_judgments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "step_judgments_assignmentId_key" ON "step_judgments"("assignmentId");

-- CreateIndex
CREATE INDEX "step_judgments_projectId_createdAt_idx" ON "step_judgments"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "step_judgments_responseId_idx" ON "step_judgments"("responseId");

-- CreateIndex
CREATE INDEX "step_judgments_userId_idx" ON "step_judgments"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "step_judgments_itemId_importRef_key" ON "step_judgments"("itemId", "importRef");

-- AddForeignKey
ALTER TABLE "step_judgments" ADD CONSTRAINT "step_judgments_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step_judgments" ADD CONSTRAINT "step_judgments_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step_judgments" ADD CONSTRAINT "step_judgments_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "step_judgments" ADD CONSTRAINT "step_judgments_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
