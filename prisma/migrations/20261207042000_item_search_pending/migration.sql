-- Hand-written (issue 23, import, fifth round): an item's search row (item_search, with its trigram
-- index) is no longer written by the statement that inserts the item. The insert trigger records the
-- new item's id in item_search_pending instead (a heap row and a right-edge btree entry, no trigram
-- work); a background job (lib/items/fill-item-search.ts) moves pending items into item_search in
-- batches, and the search (lib/items/find-items.ts) reads a pending item's text from its messages,
-- so a search finds every item at every moment. Why: the trigram index was 28-33 % of PostgreSQL's
-- CPU for an import (decisions.md); the work is moved after the import's commit, not removed.
--
-- Concurrency: the job takes pending rows FOR UPDATE SKIP LOCKED, reads the items and writes their
-- search rows, and deletes the pending rows, in one statement. A trigger that changes or removes an
-- item's search row touches its pending row FIRST: when the job holds it, the trigger waits for the
-- job's commit, and its next statement (a new snapshot: plpgsql statements in READ COMMITTED) sees
-- the search row the job wrote; when the trigger holds it, the job skips the item until later.

CREATE TABLE "item_search_pending" (
    "itemId" UUID NOT NULL,

    CONSTRAINT "item_search_pending_pkey" PRIMARY KEY ("itemId")
);

CREATE OR REPLACE FUNCTION item_search_write() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "item_search_pending" ("itemId") SELECT n."id" FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM "item_search_pending" p USING old_rows o WHERE p."itemId" = o."id";
    DELETE FROM "item_search" s USING old_rows o WHERE s."itemId" = o."id";
  ELSE
    -- A pending item has no search row yet (the search reads its messages); one being moved gets it at the job's commit.
    PERFORM 1 FROM "item_search_pending" WHERE "itemId" = NEW."id" FOR UPDATE;
    UPDATE "item_search" SET "searchText" = lower(item_search_text(NEW."messages")) WHERE "itemId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- The planner's estimate of a rare word's matches comes from the text's histogram: with 100 bounds it
-- jumped between ~10 and ~1,000 rows at 100,000 items depending on whether a sampled bound held the
-- word, and at 1,000 it walked the newest items probing each (1 s instead of 20 ms). 1,000 bounds keep
-- it near the truth; ANALYZE reads up to 300,000 rows instead of 30,000 (decisions.md, issue 23).
ALTER TABLE "item_search" ALTER COLUMN "searchText" SET STATISTICS 1000;
