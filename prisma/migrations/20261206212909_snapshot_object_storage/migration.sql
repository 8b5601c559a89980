-- CreateEnum
CREATE TYPE "SnapshotStorage" AS ENUM ('database', 's3');

-- AlterTable
ALTER TABLE "export_snapshots" ADD COLUMN     "objectBucket" TEXT,
ADD COLUMN     "objectEtag" TEXT,
ADD COLUMN     "objectKey" TEXT,
ADD COLUMN     "storage" "SnapshotStorage" NOT NULL DEFAULT 'database';

-- CreateTable
CREATE TABLE "snapshot_object_removals" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "snapshot_object_removals_pkey" PRIMARY KEY ("bucket","key")
);

-- Deleting an s3 snapshot's row (directly or by a project's cascade) queues its object for removal
-- in the same transaction: the export sweep deletes it and aborts unfinished uploads under its key.
CREATE FUNCTION queue_snapshot_object_removal() RETURNS trigger AS $$
BEGIN
  INSERT INTO "snapshot_object_removals" ("bucket", "key") VALUES (OLD."objectBucket", OLD."objectKey")
    ON CONFLICT DO NOTHING;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "export_snapshots_queue_object_removal"
  AFTER DELETE ON "export_snapshots"
  FOR EACH ROW WHEN (OLD."storage" = 's3' AND OLD."objectKey" IS NOT NULL)
  EXECUTE FUNCTION queue_snapshot_object_removal();
