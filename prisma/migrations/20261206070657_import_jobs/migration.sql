-- CreateEnum
CREATE TYPE "ImportJobStatus" AS ENUM ('CHECKING', 'WRITING', 'DONE', 'REFUSED', 'FAILED');

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "createdById" UUID,
    "origin" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "status" "ImportJobStatus" NOT NULL DEFAULT 'CHECKING',
    "container" TEXT,
    "format" TEXT,
    "rowsChecked" INTEGER NOT NULL DEFAULT 0,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "rowsTotal" INTEGER,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "bytesTotal" BIGINT NOT NULL DEFAULT 0,
    "rowsRejected" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "errors" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "phaseStartedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_rejects" (
    "jobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "file" TEXT,
    "path" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "import_rejects_pkey" PRIMARY KEY ("jobId","seq")
);

-- CreateIndex
CREATE INDEX "import_jobs_projectId_createdAt_idx" ON "import_jobs"("projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "import_jobs_status_heartbeatAt_idx" ON "import_jobs"("status", "heartbeatAt");

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_rejects" ADD CONSTRAINT "import_rejects_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
