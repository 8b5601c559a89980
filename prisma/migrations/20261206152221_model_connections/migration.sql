-- CreateTable
CREATE TABLE "model_connections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "apiKeyEncrypted" TEXT,
    "apiKeyHint" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "maxConcurrency" INTEGER NOT NULL DEFAULT 4,
    "requestsPerMinute" INTEGER,
    "timeoutMs" INTEGER NOT NULL DEFAULT 60000,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "model_connections_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_connections_projectId_idx" ON "model_connections"("projectId");

-- AddForeignKey
ALTER TABLE "model_connections" ADD CONSTRAINT "model_connections_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_connections" ADD CONSTRAINT "model_connections_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
