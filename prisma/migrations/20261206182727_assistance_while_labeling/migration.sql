-- CreateEnum
CREATE TYPE "AssistanceArmKind" AS ENUM ('ASSISTED', 'UNASSISTED');

-- CreateEnum
CREATE TYPE "AssistanceRequestKind" AS ENUM ('CRITIQUE', 'EXPLAIN', 'FACT_CHECK', 'SUMMARY');

-- CreateEnum
CREATE TYPE "AssistanceRequestStatus" AS ENUM ('PENDING', 'ANSWERED', 'FAILED');

-- CreateTable
CREATE TABLE "assistance_arms" (
    "assignmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "arm" "AssistanceArmKind" NOT NULL,
    "randomized" BOOLEAN NOT NULL,
    "block" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistance_arms_pkey" PRIMARY KEY ("assignmentId")
);

-- CreateTable
CREATE TABLE "assistance_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "taskKind" "TaskKind" NOT NULL,
    "kind" "AssistanceRequestKind" NOT NULL,
    "clientKey" TEXT NOT NULL,
    "responseId" UUID,
    "responseLabel" TEXT,
    "claim" TEXT,
    "claimStart" INTEGER,
    "claimEnd" INTEGER,
    "status" "AssistanceRequestStatus" NOT NULL DEFAULT 'PENDING',
    "answer" TEXT,
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "connectionId" UUID,
    "connectionName" TEXT,
    "model" TEXT,
    "modelReported" TEXT,
    "templateVersion" TEXT NOT NULL,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "finishReason" TEXT,
    "latencyMs" INTEGER,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "lookMs" INTEGER NOT NULL DEFAULT 0,
    "lookReportedAt" TIMESTAMP(3),

    CONSTRAINT "assistance_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assistance_arms_projectId_userId_randomized_idx" ON "assistance_arms"("projectId", "userId", "randomized");

-- CreateIndex
CREATE INDEX "assistance_requests_projectId_requestedAt_idx" ON "assistance_requests"("projectId", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "assistance_requests_assignmentId_clientKey_key" ON "assistance_requests"("assignmentId", "clientKey");

-- AddForeignKey
ALTER TABLE "assistance_arms" ADD CONSTRAINT "assistance_arms_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistance_requests" ADD CONSTRAINT "assistance_requests_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
