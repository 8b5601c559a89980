-- Hand-written (issue 23, fifth round): the ranking slot counter moves from items."rankSlotsTaken"
-- to a narrow table of its own, one row per item, with the claim's pick index on it. Why: the
-- counter is indexed (the pick reads items fullest first), so each claim, release and expiry
-- wrote a new version of the whole items row (not HOT) with an entry in every index of items and
-- the WAL for each. Here it rewrites a row of six small columns with two index entries. The rows
-- also carry what the pick orders and filters on first (project, gold, priority, age), so the
-- pick walks this table's index in the same order as before (fullest first, then priority, age)
-- and the claim's row lock is taken here: every RANK slot taker (claim, lapsed-draft resume, late
-- submit) locks the item's item_slots row, not the items row, so a claim writes nothing to items.

CREATE TABLE "item_slots" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "isGold" BOOLEAN NOT NULL,
    "taken" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "item_slots_pkey" PRIMARY KEY ("itemId")
);

INSERT INTO "item_slots" ("itemId", "projectId", "isGold", "taken", "priority", "createdAt")
SELECT "id", "projectId", "isGold", "rankSlotsTaken", "priority", "createdAt" FROM "items";

DROP INDEX "items_projectId_isGold_rankSlotsTaken_priority_createdAt_idx";

ALTER TABLE "items" DROP COLUMN "rankSlotsTaken";

CREATE INDEX "item_slots_projectId_isGold_taken_priority_createdAt_idx" ON "item_slots"("projectId", "isGold", "taken" DESC, "priority" DESC, "createdAt");

-- The counter: the number of RANK assignments holding a slot, whatever changes them (claim,
-- renewal, expiry, release, late submit, deletion). Same trigger, same events, another table.
CREATE OR REPLACE FUNCTION assignments_track_rank_slots() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."slot" IS NOT NULL AND OLD."kind" = 'RANK' THEN
    UPDATE "item_slots" SET "taken" = "taken" - 1 WHERE "itemId" = OLD."itemId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."slot" IS NOT NULL AND NEW."kind" = 'RANK' THEN
    UPDATE "item_slots" SET "taken" = "taken" + 1 WHERE "itemId" = NEW."itemId";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Written only here, for every writer of items (imports' COPY, generation, chat, builders), as
-- item_search is: one statement per insert or delete statement (a COPY batch is one; a project's
-- cascade is one per project), a row trigger when the copied columns change. No foreign key to
-- items: the delete trigger removes a deleted item's row, and an insert needs no per-row key check.
CREATE FUNCTION item_slots_write() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "item_slots" ("itemId", "projectId", "isGold", "priority", "createdAt")
    SELECT n."id", n."projectId", n."isGold", n."priority", n."createdAt" FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM "item_slots" s USING old_rows o WHERE s."itemId" = o."id";
  ELSE
    UPDATE "item_slots" SET "isGold" = NEW."isGold", "priority" = NEW."priority" WHERE "itemId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "items_insert_slots" AFTER INSERT ON "items"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_slots_write();
CREATE TRIGGER "items_delete_slots" AFTER DELETE ON "items"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_slots_write();
CREATE TRIGGER "items_order_slots" AFTER UPDATE OF "isGold", "priority" ON "items"
  FOR EACH ROW WHEN (OLD."isGold" IS DISTINCT FROM NEW."isGold" OR OLD."priority" IS DISTINCT FROM NEW."priority")
  EXECUTE FUNCTION item_slots_write();

-- Statistics for the pick's plans from the start (autovacuum keeps them after).
ANALYZE "item_slots";
