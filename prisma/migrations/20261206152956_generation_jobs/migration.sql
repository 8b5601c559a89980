/*
  Warnings:

  - A unique constraint covering the columns `[generationTaskId]` on the table `critiques` will be added. If there are existing duplicate values, this will fail.
  - A unique constraint covering the columns `[generationTaskId]` on the table `responses` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "GenerationJobKind" AS ENUM ('RESPONSES', 'CRITIQUES');

-- CreateEnum
CREATE TYPE "GenerationJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'CANCELLED', 'FINISHED', 'FAILED');

-- CreateEnum
CREATE TYPE "GenerationTaskStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "critiques" ADD COLUMN     "generationTaskId" UUID,
ADD COLUMN     "metadata" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "templateVersion" INTEGER;

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "awaitingResponses" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "responses" ADD COLUMN     "generationTaskId" UUID;

-- CreateTable
CREATE TABLE "critique_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "critique_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generation_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "kind" "GenerationJobKind" NOT NULL,
    "status" "GenerationJobStatus" NOT NULL DEFAULT 'QUEUED',
    "spec" JSONB NOT NULL,
    "templateVersion" INTEGER,
    "taskCount" INTEGER NOT NULL,
    "doneCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" BIGINT NOT NULL DEFAULT 0,
    "completionTokens" BIGINT NOT NULL DEFAULT 0,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "generation_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generation_tasks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "jobId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "connectionId" UUID NOT NULL,
    "itemId" UUID,
    "responseId" UUID,
    "perturbationId" UUID,
    "sample" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "status" "GenerationTaskStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastErrorKind" TEXT,
    "lastError" TEXT,
    "modelReported" TEXT,
    "finishReason" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "generation_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_call_leases" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connectionId" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "model_call_leases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "critique_templates_projectId_version_key" ON "critique_templates"("projectId", "version");

-- CreateIndex
CREATE INDEX "generation_jobs_projectId_createdAt_idx" ON "generation_jobs"("projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "generation_tasks_jobId_status_notBefore_idx" ON "generation_tasks"("jobId", "status", "notBefore");

-- CreateIndex
CREATE INDEX "generation_tasks_itemId_idx" ON "generation_tasks"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "generation_tasks_jobId_idempotencyKey_key" ON "generation_tasks"("jobId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "model_call_leases_connectionId_startedAt_idx" ON "model_call_leases"("connectionId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "critiques_generationTaskId_key" ON "critiques"("generationTaskId");

-- CreateIndex
CREATE UNIQUE INDEX "responses_generationTaskId_key" ON "responses"("generationTaskId");

-- AddForeignKey
ALTER TABLE "critique_templates" ADD CONSTRAINT "critique_templates_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "critique_templates" ADD CONSTRAINT "critique_templates_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_jobs" ADD CONSTRAINT "generation_jobs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_jobs" ADD CONSTRAINT "generation_jobs_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generation_tasks" ADD CONSTRAINT "generation_tasks_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "generation_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (issue 24): a model call slot per connection, across every app instance
-- (lib/generation/acquire-call-slot.ts). Under the connection's advisory lock (namespace 24), so two
-- instances asking at once take turns: a new lease when fewer than max_concurrency are live (not
-- ended, not expired) and fewer than per_minute started within window_ms; else no lease and how long
-- to wait (the moment the oldest start in the window leaves it, or a short pause for a free slot).
-- One statement, one round trip; the lock ends with it (no session state: fine behind a
-- transaction-mode pooler). Old leases are deleted on the way, so the counts read a few rows.
CREATE FUNCTION model_call_acquire(p_connection uuid, p_max_concurrency integer, p_per_minute integer, p_window_ms integer, p_lease_ms integer)
RETURNS TABLE (lease_id uuid, wait_ms integer) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_now timestamp(3);
  v_window_start timestamp(3);
  v_live integer;
  v_recent integer;
  v_free_at timestamp(3);
  v_id uuid;
BEGIN
  PERFORM pg_advisory_xact_lock(24, hashtext(p_connection::text));
  v_now := clock_timestamp()::timestamp(3);
  v_window_start := v_now - make_interval(secs => p_window_ms / 1000.0);
  -- Ended (or expired) leases count only towards the per-minute limit: kept for the window when there is one.
  DELETE FROM model_call_leases
   WHERE "connectionId" = p_connection AND ("endedAt" IS NOT NULL OR "expiresAt" < v_now)
     AND (p_per_minute IS NULL OR "startedAt" < v_window_start);
  SELECT count(*) FILTER (WHERE "endedAt" IS NULL AND "expiresAt" > v_now), count(*) FILTER (WHERE "startedAt" > v_window_start)
    INTO v_live, v_recent
    FROM model_call_leases WHERE "connectionId" = p_connection;
  IF v_live >= p_max_concurrency THEN
    RETURN QUERY SELECT NULL::uuid, 20;
    RETURN;
  END IF;
  IF p_per_minute IS NOT NULL AND v_recent >= p_per_minute THEN
    SELECT "startedAt" INTO v_free_at FROM model_call_leases
     WHERE "connectionId" = p_connection AND "startedAt" > v_window_start
     ORDER BY "startedAt" OFFSET (v_recent - p_per_minute) LIMIT 1;
    RETURN QUERY SELECT NULL::uuid, greatest(1, ceil(extract(epoch FROM (v_free_at - v_window_start)) * 1000)::integer + 1);
    RETURN;
  END IF;
  INSERT INTO model_call_leases ("connectionId", "startedAt", "expiresAt")
  VALUES (p_connection, v_now, v_now + make_interval(secs => p_lease_ms / 1000.0))
  RETURNING id INTO v_id;
  RETURN QUERY SELECT v_id, 0;
END $$;
