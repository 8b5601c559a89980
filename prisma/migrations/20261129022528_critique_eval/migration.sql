-- CreateEnum
CREATE TYPE "PerturbationStatus" AS ENUM ('SUBMITTED', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "FlawCategory" AS ENUM ('ACCURACY', 'COVERAGE', 'COHERENCE', 'HARMFUL', 'OTHER');

-- CreateEnum
CREATE TYPE "DetectVariant" AS ENUM ('ORIGINAL', 'FLAWED');

-- CreateEnum
CREATE TYPE "DetectArm" AS ENUM ('UNASSISTED', 'ASSISTED');

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "sourceResponseId" UUID;

-- AlterTable
ALTER TABLE "critiques" ADD COLUMN     "perturbationId" UUID;

-- AlterTable
ALTER TABLE "responses" ADD COLUMN     "perturbSource" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "perturbations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "assignmentId" UUID,
    "authorId" UUID,
    "externalId" TEXT,
    "flawedText" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "FlawCategory" NOT NULL,
    "severity" INTEGER NOT NULL,
    "missableBecause" TEXT NOT NULL,
    "flawedStart" INTEGER NOT NULL,
    "flawedEnd" INTEGER NOT NULL,
    "originalStart" INTEGER NOT NULL,
    "originalEnd" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "status" "PerturbationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "reviewNote" TEXT,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "perturbations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "detect_trials" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "perturbationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "variant" "DetectVariant" NOT NULL,
    "arm" "DetectArm" NOT NULL,
    "cell" INTEGER NOT NULL,
    "block" INTEGER NOT NULL,
    "slot" INTEGER,
    "likert" INTEGER,
    "saysFlawed" BOOLEAN,
    "spanStart" INTEGER,
    "spanEnd" INTEGER,
    "flawDescription" TEXT,
    "flawSeverity" INTEGER,
    "critiqueMarks" JSONB NOT NULL DEFAULT '[]',
    "wouldHaveNoticed" BOOLEAN,
    "durationMs" INTEGER,
    "submittedAt" TIMESTAMP(3),
    "spanOverlap" DOUBLE PRECISION,
    "foundIntended" BOOLEAN,
    "reviewedById" UUID,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detect_trials_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "perturbations_assignmentId_key" ON "perturbations"("assignmentId");

-- CreateIndex
CREATE INDEX "perturbations_projectId_status_createdAt_idx" ON "perturbations"("projectId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "perturbations_responseId_idx" ON "perturbations"("responseId");

-- CreateIndex
CREATE INDEX "perturbations_itemId_idx" ON "perturbations"("itemId");

-- CreateIndex
CREATE INDEX "perturbations_authorId_idx" ON "perturbations"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "perturbations_projectId_externalId_key" ON "perturbations"("projectId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "detect_trials_assignmentId_key" ON "detect_trials"("assignmentId");

-- CreateIndex
CREATE INDEX "detect_trials_projectId_submittedAt_idx" ON "detect_trials"("projectId", "submittedAt");

-- CreateIndex
CREATE INDEX "detect_trials_userId_projectId_block_idx" ON "detect_trials"("userId", "projectId", "block");

-- CreateIndex
CREATE INDEX "detect_trials_perturbationId_idx" ON "detect_trials"("perturbationId");

-- CreateIndex
CREATE UNIQUE INDEX "detect_trials_perturbationId_slot_key" ON "detect_trials"("perturbationId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "detect_trials_userId_responseId_key" ON "detect_trials"("userId", "responseId");

-- CreateIndex
CREATE INDEX "critiques_perturbationId_idx" ON "critiques"("perturbationId");

-- AddForeignKey
ALTER TABLE "critiques" ADD CONSTRAINT "critiques_perturbationId_fkey" FOREIGN KEY ("perturbationId") REFERENCES "perturbations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_sourceResponseId_fkey" FOREIGN KEY ("sourceResponseId") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "perturbations" ADD CONSTRAINT "perturbations_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_perturbationId_fkey" FOREIGN KEY ("perturbationId") REFERENCES "perturbations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: the slot bound per kind. PERTURB has an overlap of its own
-- (projects.settings.perturb.overlap, default 1; lib/projects/settings.ts). DETECT assignments hold
-- no item slot: their balance slot is detect_trials.slot (bounded below). A setting that is not a
-- positive integer counts as the default, as in the app.
CREATE OR REPLACE FUNCTION assignments_slot_within_overlap() RETURNS trigger AS $$
DECLARE
  bound INTEGER;
  raw JSONB;
BEGIN
  IF NEW."slot" IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW."kind" = 'DETECT' THEN
    RAISE EXCEPTION 'a DETECT assignment holds no item slot (its trial does)' USING ERRCODE = 'check_violation';
  ELSIF NEW."kind" IN ('DEMONSTRATE', 'PERTURB') THEN
    SELECT "settings" -> lower(NEW."kind"::text) -> 'overlap' INTO raw FROM "projects" WHERE "id" = NEW."projectId";
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

-- Hand-written: a trial's cell is fixed by its balance slot (cell = slot % 4) and names its variant
-- and arm: 0 original/unassisted, 1 flawed/unassisted, 2 original/assisted, 3 flawed/assisted.
ALTER TABLE "detect_trials" ADD CONSTRAINT "detect_trials_cell_check" CHECK (
  "cell" BETWEEN 0 AND 3
  AND ("slot" IS NULL OR ("slot" >= 0 AND "slot" % 4 = "cell"))
  AND ("variant" = 'FLAWED') = ("cell" % 2 = 1)
  AND ("arm" = 'ASSISTED') = ("cell" >= 2)
  AND "block" >= 0
);

-- Hand-written: a perturbation's balance slots are bounded by projects.settings.detect.trialsPerSource
-- (a positive multiple of 4, default 4), so no source is over-filled whatever the concurrency.
CREATE FUNCTION detect_trials_slot_within_bound() RETURNS trigger AS $$
DECLARE
  bound INTEGER;
  raw JSONB;
BEGIN
  IF NEW."slot" IS NULL THEN
    RETURN NEW;
  END IF;
  SELECT "settings" -> 'detect' -> 'trialsPerSource' INTO raw FROM "projects" WHERE "id" = NEW."projectId";
  bound := CASE WHEN jsonb_typeof(raw) = 'number' AND (raw #>> '{}') ~ '^[0-9]{1,4}$' AND (raw #>> '{}')::int >= 4
                     AND (raw #>> '{}')::int % 4 = 0
                THEN (raw #>> '{}')::int ELSE 4 END;
  IF NEW."slot" >= bound THEN
    RAISE EXCEPTION 'detect slot % is outside the % trials per source of project %', NEW."slot", bound, NEW."projectId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "detect_trials_slot_within_bound" BEFORE INSERT OR UPDATE OF "slot" ON "detect_trials"
  FOR EACH ROW EXECUTE FUNCTION detect_trials_slot_within_bound();

-- Hand-written: a DETECT assignment that ends unsubmitted (lease expired, skipped, released) gives its
-- trial's balance slot back, whichever code path ended it.
CREATE FUNCTION assignments_release_detect_slot() RETURNS trigger AS $$
BEGIN
  UPDATE "detect_trials" SET "slot" = NULL WHERE "assignmentId" = NEW."id" AND "submittedAt" IS NULL AND "slot" IS NOT NULL;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "assignments_release_detect_slot" AFTER UPDATE OF "status" ON "assignments"
  FOR EACH ROW WHEN (NEW."kind" = 'DETECT' AND NEW."status" IN ('EXPIRED', 'SKIPPED', 'RELEASED'))
  EXECUTE FUNCTION assignments_release_detect_slot();
