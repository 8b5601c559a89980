-- CreateEnum
CREATE TYPE "ExportSnapshotStatus" AS ENUM ('BUILDING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "export_snapshots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "schemaVersion" INTEGER NOT NULL,
    "status" "ExportSnapshotStatus" NOT NULL DEFAULT 'BUILDING',
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER NOT NULL DEFAULT 0,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "splitCounts" JSONB NOT NULL DEFAULT '{}',
    "sha256" TEXT,
    "byteSize" BIGINT NOT NULL DEFAULT 0,
    "chunkSize" INTEGER NOT NULL,
    "manifest" JSONB,
    "datasetCard" TEXT,
    "error" TEXT,
    "appVersion" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "export_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "export_snapshot_chunks" (
    "snapshotId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "export_snapshot_chunks_pkey" PRIMARY KEY ("snapshotId","seq")
);

-- CreateTable
CREATE TABLE "project_webhooks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "secretPrefix" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "webhookId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "snapshotId" UUID,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "attemptLog" JSONB NOT NULL DEFAULT '[]',
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_snapshots_projectId_createdAt_idx" ON "export_snapshots"("projectId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "export_snapshots_status_heartbeatAt_idx" ON "export_snapshots"("status", "heartbeatAt");

-- CreateIndex
CREATE UNIQUE INDEX "project_webhooks_projectId_key" ON "project_webhooks"("projectId");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_nextAttemptAt_idx" ON "webhook_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhookId_createdAt_idx" ON "webhook_deliveries"("webhookId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "export_snapshots" ADD CONSTRAINT "export_snapshots_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_snapshots" ADD CONSTRAINT "export_snapshots_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "export_snapshot_chunks" ADD CONSTRAINT "export_snapshot_chunks_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "export_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_webhooks" ADD CONSTRAINT "project_webhooks_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_webhooks" ADD CONSTRAINT "project_webhooks_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "project_webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "export_snapshots"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: snapshot bytes are stored as they are (TOAST out of line, no compression), so
-- writing a big export costs no compression CPU and a Range request reads only the slices it
-- needs (substring on an uncompressed TOAST value fetches just those pages).
ALTER TABLE "export_snapshot_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
