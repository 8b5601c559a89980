-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "GenerationJobKind" ADD VALUE 'JUDGE';
ALTER TYPE "GenerationJobKind" ADD VALUE 'DISCRIMINATE';

-- AlterTable
ALTER TABLE "generation_tasks" ADD COLUMN     "critiqueId" UUID;

-- CreateTable
CREATE TABLE "judge_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_labels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "jobId" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "connectionName" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "modelReported" TEXT,
    "templateVersion" INTEGER NOT NULL,
    "reversed" BOOLEAN NOT NULL,
    "shownOrder" UUID[],
    "ranking" JSONB NOT NULL,
    "ratings" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "attempts" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_labels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_discriminations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "jobId" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "perturbationId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "connectionName" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "modelReported" TEXT,
    "flawedFirst" BOOLEAN NOT NULL,
    "answer" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_discriminations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "judge_critique_checks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "jobId" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "perturbationId" UUID NOT NULL,
    "critiqueId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "connectionName" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "modelReported" TEXT,
    "pointsToFlaw" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "judge_critique_checks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "judge_templates_projectId_version_key" ON "judge_templates"("projectId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "judge_labels_taskId_key" ON "judge_labels"("taskId");

-- CreateIndex
CREATE INDEX "judge_labels_projectId_itemId_idx" ON "judge_labels"("projectId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "judge_discriminations_taskId_key" ON "judge_discriminations"("taskId");

-- CreateIndex
CREATE INDEX "judge_discriminations_projectId_perturbationId_idx" ON "judge_discriminations"("projectId", "perturbationId");

-- CreateIndex
CREATE UNIQUE INDEX "judge_critique_checks_taskId_key" ON "judge_critique_checks"("taskId");

-- CreateIndex
CREATE INDEX "judge_critique_checks_projectId_perturbationId_idx" ON "judge_critique_checks"("projectId", "perturbationId");

-- AddForeignKey
ALTER TABLE "judge_templates" ADD CONSTRAINT "judge_templates_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_labels" ADD CONSTRAINT "judge_labels_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_discriminations" ADD CONSTRAINT "judge_discriminations_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "judge_critique_checks" ADD CONSTRAINT "judge_critique_checks_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
