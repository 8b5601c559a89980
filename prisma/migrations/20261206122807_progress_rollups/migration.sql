-- CreateTable
CREATE TABLE "progress_changes" (
    "id" BIGSERIAL NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "day" DATE,
    "delta" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "progress_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "item_progress" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "reqClass" TEXT NOT NULL,
    "submitted" INTEGER NOT NULL,
    "touched" BOOLEAN NOT NULL,
    "done" INTEGER NOT NULL,
    "slots" INTEGER NOT NULL,
    "had" INTEGER NOT NULL,

    CONSTRAINT "item_progress_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "progress_buckets" (
    "projectId" UUID NOT NULL,
    "reqClass" TEXT NOT NULL,
    "submitted" INTEGER NOT NULL,
    "touched" BOOLEAN NOT NULL,
    "done" INTEGER NOT NULL,
    "items" INTEGER NOT NULL,

    CONSTRAINT "progress_buckets_pkey" PRIMARY KEY ("projectId","reqClass","submitted","touched","done")
);

-- CreateTable
CREATE TABLE "progress_classes" (
    "projectId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requiredLanguage" TEXT,
    "requiredProficiency" "LanguageProficiency",
    "requiredExpertise" TEXT,
    "users" UUID[] DEFAULT ARRAY[]::UUID[],
    "known" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "progress_classes_pkey" PRIMARY KEY ("projectId","key")
);

-- CreateTable
CREATE TABLE "progress_days" (
    "projectId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "labels" INTEGER NOT NULL,

    CONSTRAINT "progress_days_pkey" PRIMARY KEY ("projectId","day")
);

-- CreateTable
CREATE TABLE "progress_states" (
    "projectId" UUID NOT NULL,
    "foldedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "progress_states_pkey" PRIMARY KEY ("projectId")
);

-- CreateIndex
CREATE INDEX "progress_changes_projectId_idx" ON "progress_changes"("projectId");

-- CreateIndex
CREATE INDEX "item_progress_projectId_reqClass_idx" ON "item_progress"("projectId", "reqClass");

-- AddForeignKey
ALTER TABLE "progress_changes" ADD CONSTRAINT "progress_changes_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_progress" ADD CONSTRAINT "item_progress_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_buckets" ADD CONSTRAINT "progress_buckets_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_classes" ADD CONSTRAINT "progress_classes_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_days" ADD CONSTRAINT "progress_days_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "progress_states" ADD CONSTRAINT "progress_states_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: every change that can move an item's progress figures appends a row to
-- progress_changes (lib/pool/fold-progress.ts consumes them on the next progress view).
-- Appends only: no row that several labelers would update in turn. Rows of a project being
-- deleted are skipped (its cascade deletes assignments and items after the project row).
CREATE FUNCTION progress_log_assignment_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta")
    SELECT n."projectId", n."itemId", d."day", CASE WHEN d."day" IS NULL THEN 0 ELSE 1 END
    FROM new_rows n CROSS JOIN LATERAL (SELECT CASE WHEN n."status" = 'SUBMITTED' THEN n."submittedAt"::date END AS "day") d
    WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = n."projectId");
  ELSE
    INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta")
    SELECT o."projectId", o."itemId", d."day", CASE WHEN d."day" IS NULL THEN 0 ELSE -1 END
    FROM old_rows o CROSS JOIN LATERAL (SELECT CASE WHEN o."status" = 'SUBMITTED' THEN o."submittedAt"::date END AS "day") d
    WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = o."projectId");
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "assignments_insert_log_progress" AFTER INSERT ON "assignments"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_log_assignment_rows();
CREATE TRIGGER "assignments_delete_log_progress" AFTER DELETE ON "assignments"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_log_assignment_rows();

-- A claim renewed, submitted, skipped, expired or released: the item, and the day counts it moves.
CREATE FUNCTION progress_log_assignment_update() RETURNS trigger AS $$
DECLARE
  old_day date := CASE WHEN OLD."status" = 'SUBMITTED' THEN OLD."submittedAt"::date END;
  new_day date := CASE WHEN NEW."status" = 'SUBMITTED' THEN NEW."submittedAt"::date END;
BEGIN
  IF old_day IS NOT DISTINCT FROM new_day THEN
    INSERT INTO "progress_changes" ("projectId", "itemId") VALUES (NEW."projectId", NEW."itemId");
  ELSE
    IF old_day IS NOT NULL THEN
      INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta") VALUES (OLD."projectId", OLD."itemId", old_day, -1);
    END IF;
    IF new_day IS NOT NULL THEN
      INSERT INTO "progress_changes" ("projectId", "itemId", "day", "delta") VALUES (NEW."projectId", NEW."itemId", new_day, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "assignments_update_log_progress" AFTER UPDATE OF "status", "slot", "submittedAt" ON "assignments"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."slot" IS DISTINCT FROM NEW."slot" OR OLD."submittedAt" IS DISTINCT FROM NEW."submittedAt")
  EXECUTE FUNCTION progress_log_assignment_update();

-- Items imported, deleted, or routed differently.
CREATE FUNCTION progress_log_item_rows() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "progress_changes" ("projectId", "itemId") SELECT n."projectId", n."id" FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "progress_changes" ("projectId", "itemId")
    SELECT o."projectId", o."id" FROM old_rows o WHERE EXISTS (SELECT 1 FROM "projects" p WHERE p."id" = o."projectId");
  ELSE
    INSERT INTO "progress_changes" ("projectId", "itemId") VALUES (NEW."projectId", NEW."id");
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "items_insert_log_progress" AFTER INSERT ON "items"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_log_item_rows();
CREATE TRIGGER "items_delete_log_progress" AFTER DELETE ON "items"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_log_item_rows();
CREATE TRIGGER "items_routing_log_progress" AFTER UPDATE OF "requiredLanguage", "requiredProficiency", "requiredExpertise" ON "items"
  FOR EACH ROW WHEN (OLD."requiredLanguage" IS DISTINCT FROM NEW."requiredLanguage"
    OR OLD."requiredProficiency" IS DISTINCT FROM NEW."requiredProficiency" OR OLD."requiredExpertise" IS DISTINCT FROM NEW."requiredExpertise")
  EXECUTE FUNCTION progress_log_item_rows();

-- Hand-written: the disagreement queue's page and total read only items with two or more counted
-- judgments; this index holds just those, so both are index-only scans.
CREATE INDEX "item_stats_queue_idx" ON "item_stats" ("projectId", "adjudicated", "agreement", "itemId") WHERE "judgments" >= 2;
