-- Hand-written (issue 23): the item browser's search (lib/items/find-items.ts) through a trigram
-- index instead of a scan of every item's messages. Prisma's schema can express neither a
-- generated column (it sees "searchText" as a plain nullable text, marked @ignore) nor an
-- operator class of an extension; it ignores functions, as with the hand-written slot triggers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text the search looks in: every message's content, one per line (the contents as
-- `msg->>'content'` reads them; a messages value that is not an array reads as no messages, as
-- the search always did). A search text without a line break matches this text exactly when it
-- matches one message's content (see find-items.ts).
CREATE FUNCTION item_search_text(messages jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (
    SELECT string_agg(m.msg ->> 'content', E'\n')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(messages) = 'array' THEN messages ELSE '[]'::jsonb END) AS m(msg)
  );

-- Stored, so the index's recheck of a candidate row reads a column instead of calling the function;
-- in lower case, as ILIKE compares in a UTF-8 database (it lowers both sides, then LIKE), so the
-- search lowers only its pattern: `"searchText" LIKE lower(pattern)` is `ILIKE pattern`, without
-- lowering every candidate's text again.
ALTER TABLE "items" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (lower(item_search_text("messages"))) STORED;

CREATE INDEX "items_search_trgm_idx" ON "items" USING gin ("searchText" gin_trgm_ops);
