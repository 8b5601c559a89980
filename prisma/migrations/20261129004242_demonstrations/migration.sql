-- CreateEnum
CREATE TYPE "DemonstrationStatus" AS ENUM ('SUBMITTED', 'ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "memberships" ADD COLUMN     "allowedKinds" "TaskKind"[] DEFAULT ARRAY[]::"TaskKind"[];

-- CreateTable
CREATE TABLE "demonstrations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "status" "DemonstrationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "reviewNote" TEXT,
    "editedText" TEXT,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "demonstrations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "demonstrations_assignmentId_key" ON "demonstrations"("assignmentId");

-- CreateIndex
CREATE INDEX "demonstrations_projectId_status_createdAt_idx" ON "demonstrations"("projectId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "demonstrations_itemId_idx" ON "demonstrations"("itemId");

-- CreateIndex
CREATE INDEX "demonstrations_userId_status_idx" ON "demonstrations"("userId", "status");

-- AddForeignKey
ALTER TABLE "demonstrations" ADD CONSTRAINT "demonstrations_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstrations" ADD CONSTRAINT "demonstrations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstrations" ADD CONSTRAINT "demonstrations_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstrations" ADD CONSTRAINT "demonstrations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "demonstrations" ADD CONSTRAINT "demonstrations_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: demonstrations have an overlap of their own (projects.settings.demonstrate.overlap,
-- default 1; lib/projects/settings.ts), so the slot bound depends on the kind. Other kinds keep
-- projects.overlap. A setting that is not a positive integer counts as the default, as in the app.
CREATE OR REPLACE FUNCTION assignments_slot_within_overlap() RETURNS trigger AS $$
DECLARE
  bound INTEGER;
  raw JSONB;
BEGIN
  IF NEW."slot" IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW."kind" = 'DEMONSTRATE' THEN
    SELECT "settings" -> 'demonstrate' -> 'overlap' INTO raw FROM "projects" WHERE "id" = NEW."projectId";
    bound := CASE WHEN jsonb_typeof(raw) = 'number' AND (raw #>> '{}') ~ '^[0-9]{1,4}$' AND (raw #>> '{}')::int >= 1
                  THEN (raw #>> '{}')::int ELSE 1 END;
  ELSE
    SELECT "overlap" INTO bound FROM "projects" WHERE "id" = NEW."projectId";
  END IF;
  IF NEW."slot" >= bound THEN
    RAISE EXCEPTION 'assignment slot % is outside the overlap of project % (kind %)', NEW."slot", NEW."projectId", NEW."kind" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
