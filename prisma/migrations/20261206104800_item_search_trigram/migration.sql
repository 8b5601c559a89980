-- Hand-written (issue 23): the item browser's search (lib/items/find-items.ts) through a trigram
-- index instead of a scan of every item's messages. Prisma's schema cannot express an expression
-- index, an operator class of an extension or a function; it ignores all three when it compares the
-- migrations with prisma/schema.prisma (npm run db:check), like the hand-written slot triggers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text the search looks in: every message's content, one per line (the contents as
-- `msg->>'content'` reads them; a messages value that is not an array reads as no messages, as
-- in find-items.ts). A substring of one message's content is a substring of this text, so
-- `item_search_text(messages) ILIKE '%q%'` keeps every item the per-message search keeps; the
-- query checks the per-message condition again on what the index lets through.
CREATE FUNCTION item_search_text(messages jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (
    SELECT string_agg(m.msg ->> 'content', E'\n')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(messages) = 'array' THEN messages ELSE '[]'::jsonb END) AS m(msg)
  );

CREATE INDEX "items_search_trgm_idx" ON "items" USING gin (item_search_text("messages") gin_trgm_ops);
