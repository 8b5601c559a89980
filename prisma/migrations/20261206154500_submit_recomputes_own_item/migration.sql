-- Hand-written (issue 23, claim and submit CPU): a judgment inserted by a transaction that
-- recomputes its item's numbers itself before COMMIT leaves item_stats alone. The ranking submit
-- locks the item for its recompute and names it in preflab.stats_recomputed_item (set_config, local
-- to the transaction; lib/tasks/kinds/rank.ts); marking the row stale only for the same transaction's
-- recompute to clear it rewrote the row twice and fired item_stats' rollup triggers for nothing.
-- Rows of any other item, and every update and delete, are marked as before.
CREATE OR REPLACE FUNCTION item_stats_mark_stale() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "item_stats" s SET "stale" = true
    WHERE s."itemId" IN (SELECT DISTINCT o."itemId" FROM old_rows o) AND NOT s."stale";
  END IF;
  -- Nested: a DELETE trigger has no new_rows to name, even in a condition it would not reach.
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows n WHERE n."itemId"::text IS DISTINCT FROM current_setting('preflab.stats_recomputed_item', true)) THEN
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "item_stats" ("itemId", "projectId")
    SELECT i."id", i."projectId" FROM "items" i WHERE i."id" IN (SELECT n."itemId" FROM new_rows n) ORDER BY i."id"
    ON CONFLICT ("itemId") DO UPDATE SET "stale" = true WHERE NOT "item_stats"."stale";
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
