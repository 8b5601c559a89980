-- Hand-written (issue 23, third round): the item browser's search text moves from a generated
-- column of items (migration item_search_trigram) to a table of its own, one row per item, with
-- the same trigram index (same name: it is still the items' search index). Why: "rankSlotsTaken"
-- is indexed, so the claim's slot counter update writes a new items row version with an entry in
-- every index of items; while the search text was a stored generated column of items, each such
-- update also recomputed it from every message and added every trigram of it to the GIN index
-- (a cost growing with the prompt's length). Here an item's updates touch its search row only when
-- its messages change. The text and its semantics are unchanged: lower(item_search_text(messages)).

CREATE TABLE "item_search" (
    "itemId" UUID NOT NULL,
    "searchText" TEXT,

    CONSTRAINT "item_search_pkey" PRIMARY KEY ("itemId")
);

INSERT INTO "item_search" ("itemId", "searchText") SELECT "id", "searchText" FROM "items";

DROP INDEX "items_search_trgm_idx";

ALTER TABLE "items" DROP COLUMN "searchText";

CREATE INDEX "items_search_trgm_idx" ON "item_search" USING GIN ("searchText" gin_trgm_ops);

-- Written only here, for every writer of items (imports' COPY, generation, chat, builders): one
-- statement per insert or delete statement (a COPY batch is one), a row trigger when messages change.
-- No foreign key to items: the delete trigger removes a deleted item's row (a cascade from its project
-- included), and an insert needs no per-row key check.
CREATE FUNCTION item_search_write() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "item_search" ("itemId", "searchText") SELECT n."id", lower(item_search_text(n."messages")) FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM "item_search" s USING old_rows o WHERE s."itemId" = o."id";
  ELSE
    UPDATE "item_search" SET "searchText" = lower(item_search_text(NEW."messages")) WHERE "itemId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "items_insert_search" AFTER INSERT ON "items"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_search_write();
CREATE TRIGGER "items_delete_search" AFTER DELETE ON "items"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_search_write();
CREATE TRIGGER "items_messages_search" AFTER UPDATE OF "messages" ON "items"
  FOR EACH ROW WHEN (OLD."messages" IS DISTINCT FROM NEW."messages") EXECUTE FUNCTION item_search_write();

-- Statistics for the search's plans from the start (autovacuum keeps them after).
ANALYZE "item_search";
