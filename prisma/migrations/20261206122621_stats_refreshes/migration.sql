-- CreateTable
CREATE TABLE "stats_refreshes" (
    "projectId" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "stats_refreshes_pkey" PRIMARY KEY ("projectId")
);

-- AddForeignKey
ALTER TABLE "stats_refreshes" ADD CONSTRAINT "stats_refreshes_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
