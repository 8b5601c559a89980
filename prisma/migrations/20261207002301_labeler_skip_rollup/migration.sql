-- AlterTable
ALTER TABLE "progress_changes" ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "submitted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "userId" UUID;

-- CreateTable
CREATE TABLE "labeler_decisions" (
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "skipped" INTEGER NOT NULL,
    "submitted" INTEGER NOT NULL,

    CONSTRAINT "labeler_decisions_pkey" PRIMARY KEY ("projectId","userId")
);

-- AddForeignKey
ALTER TABLE "labeler_decisions" ADD CONSTRAINT "labeler_decisions_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (issue 23, submit): the labelers table's skip rate rolled up like progress. The rows the
-- assignments' triggers already append to progress_changes also carry the assignment's labeler and how its
-- SKIPPED and SUBMITTED counts move (+1 entering, −1 leaving); lib/pool/fold-progress.ts adds them to
-- labeler_decisions in the statement that consumes the rows (exactly once). No new trigger, no new row:
-- a claim, a submit or a skip appends what it appended before, two integers and a uuid wider.
-- Rows of a project being deleted are still skipped (its labeler_decisions go with it).
CREATE OR REPLACE FUNCTION progress_log_assignment_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta", "userId", "skipped", "submitted")
    SELECT n."projectId", n."itemId", d."day", CASE WHEN d."day" IS NULL THEN 0 ELSE 1 END,
           n."userId", (n."status" = 'SKIPPED')::int, (n."status" = 'SUBMITTED')::int
    FROM new_rows n CROSS JOIN LATERAL (SELECT CASE WHEN n."status" = 'SUBMITTED' THEN n."submittedAt"::date END AS "day") d
    WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = n."projectId");
  ELSE
    INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta", "userId", "skipped", "submitted")
    SELECT o."projectId", o."itemId", d."day", CASE WHEN d."day" IS NULL THEN 0 ELSE -1 END,
           o."userId", -(o."status" = 'SKIPPED')::int, -(o."status" = 'SUBMITTED')::int
    FROM old_rows o CROSS JOIN LATERAL (SELECT CASE WHEN o."status" = 'SUBMITTED' THEN o."submittedAt"::date END AS "day") d
    WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = o."projectId");
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A status change moves the counts; they ride on the row the change appends anyway (the new day's when
-- there are two), so exactly one row carries them.
CREATE OR REPLACE FUNCTION progress_log_assignment_update() RETURNS trigger AS $$
DECLARE
  old_day date := CASE WHEN OLD."status" = 'SUBMITTED' THEN OLD."submittedAt"::date END;
  new_day date := CASE WHEN NEW."status" = 'SUBMITTED' THEN NEW."submittedAt"::date END;
  d_skipped integer := (NEW."status" = 'SKIPPED')::int - (OLD."status" = 'SKIPPED')::int;
  d_submitted integer := (NEW."status" = 'SUBMITTED')::int - (OLD."status" = 'SUBMITTED')::int;
BEGIN
  IF old_day IS NOT DISTINCT FROM new_day THEN
    INSERT INTO "progress_changes" ("projectId", "itemId", "userId", "skipped", "submitted")
    VALUES (NEW."projectId", NEW."itemId", NEW."userId", d_skipped, d_submitted);
  ELSE
    IF old_day IS NOT NULL THEN
      INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta", "userId", "skipped", "submitted")
      VALUES (OLD."projectId", OLD."itemId", old_day, -1, OLD."userId",
              CASE WHEN new_day IS NULL THEN d_skipped ELSE 0 END, CASE WHEN new_day IS NULL THEN d_submitted ELSE 0 END);
    END IF;
    IF new_day IS NOT NULL THEN
      INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta", "userId", "skipped", "submitted")
      VALUES (NEW."projectId", NEW."itemId", new_day, 1, NEW."userId", d_skipped, d_submitted);
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Projects whose progress rollups exist: their counts from the assignments as they are now. The table is
-- locked against writes first, so no assignment changes between this count and the new triggers (the rows
-- already pending carry no labeler, and the fold adds nothing for them). Other projects count theirs in
-- their first fold, which builds everything from scratch.
LOCK TABLE "assignments" IN SHARE MODE;
INSERT INTO "labeler_decisions" ("projectId", "userId", "skipped", "submitted")
SELECT a."projectId", a."userId", count(*) FILTER (WHERE a.status = 'SKIPPED')::int, count(*) FILTER (WHERE a.status = 'SUBMITTED')::int
FROM "assignments" a
WHERE a.status IN ('SKIPPED', 'SUBMITTED') AND EXISTS (SELECT 1 FROM "progress_states" s WHERE s."projectId" = a."projectId")
GROUP BY 1, 2;
