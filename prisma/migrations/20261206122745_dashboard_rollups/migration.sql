-- AlterTable
ALTER TABLE "judgment_stats" ADD COLUMN     "onGold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "dashboard_rollups" (
    "projectId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "unit" INTEGER NOT NULL,
    "k1" TEXT NOT NULL DEFAULT '',
    "k2" TEXT NOT NULL DEFAULT '',
    "v" DECIMAL(65,30)[],

    CONSTRAINT "dashboard_rollups_pkey" PRIMARY KEY ("projectId","kind","unit","k1","k2")
);

-- CreateTable
CREATE TABLE "dashboard_rollup_deltas" (
    "id" BIGSERIAL NOT NULL,
    "projectId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "unit" INTEGER NOT NULL,
    "k1" TEXT NOT NULL DEFAULT '',
    "k2" TEXT NOT NULL DEFAULT '',
    "v" DECIMAL(65,30)[],

    CONSTRAINT "dashboard_rollup_deltas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboard_interval_cache" (
    "projectId" UUID NOT NULL,
    "widget" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "intervals" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dashboard_interval_cache_pkey" PRIMARY KEY ("projectId","widget")
);

-- CreateIndex
CREATE INDEX "dashboard_rollup_deltas_projectId_id_idx" ON "dashboard_rollup_deltas"("projectId", "id");

-- CreateIndex
CREATE INDEX "judgment_stats_projectId_userId_durationMs_idx" ON "judgment_stats"("projectId", "userId", "durationMs");

-- The gold mark of existing rows (before the triggers below exist: the backfill at the end counts it).
UPDATE "judgment_stats" js SET "onGold" = true FROM "items" i WHERE i.id = js."itemId" AND i."isGold";

-- Hand-written (issue 23): the dashboard's rollups kept by the stats tables' own triggers, so every
-- path that writes item_stats, judgment_stats, item_model_games or item_flag_stats (the submit's
-- recompute, exclusions, adjudications, refreshes, cascades, plain SQL) moves the sums with it.
-- Rows an UPDATE left unchanged (as far as the sums go: the stale flag, an upsert that found the
-- same numbers) are skipped. A statement of a few rows (a submit) appends each contribution as a
-- delta row, the old ones negated; a bigger one appends one row per changed key: Σ contribution(new
-- rows) − Σ contribution(old rows). Contributions are exact numbers: a float is converted through its
-- shortest exact text (extra_float_digits = 1, fixed on the trigger functions) and rounded to the
-- column's 30 decimals before any sum, so adding and later removing a row cancels exactly.
-- The vectors' layouts are in lib/dashboard/rollup-layout.ts.

CREATE FUNCTION dash_num(x double precision) RETURNS numeric
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN round(x::text::numeric, 30);

-- The resampling bucket of an item, as lib/dashboard/resampling-units.ts groups items.
CREATE FUNCTION dash_unit(item uuid) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN hashtext(item::text) & 1023;

-- Duration bins for the labelers' median time: 128 ms wide below 2,048 ms, then 16 per doubling
-- (the top five bits), in integers so lib/dashboard/duration-bins.ts finds each bin's lower end exactly.
CREATE FUNCTION dash_duration_bin(ms integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN greatest(ms, 0) < 2048 THEN greatest(ms, 0) >> 7
    ELSE 16 * (length(ltrim(ms::bit(32)::text, '0')) - 11) + (ms >> (length(ltrim(ms::bit(32)::text, '0')) - 5)) END;

-- One row per key an item_stats row adds to. (VALUES rather than UNION ALL: PostgreSQL 18 fails to
-- plan a UNION ALL over a whole-row argument once the function is inlined.)
CREATE FUNCTION dash_item_contrib(s item_stats) RETURNS TABLE ("projectId" uuid, kind text, unit integer, k1 text, k2 text, v numeric[])
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT s."projectId", k.kind, k.unit, k.k1, '', k.v
  FROM (VALUES
    ('unit', dash_unit(s."itemId"), '',
     CASE WHEN NOT s.invalid AND s.judgments >= 2
       THEN ARRAY[1, 1, s.agree, s.compared, s."agreeTies", s."comparedTies", dash_num(coalesce(s."kendallW", 0)), (s."kendallW" IS NOT NULL)::int]::numeric[]
            -- The 28 cells in one conversion (the array's text is each float's shortest exact text), or 28 zeros.
            || CASE WHEN cardinality(s.likert) = 28 THEN s.likert::text::numeric(65, 30)[] ELSE array_fill(0::numeric, ARRAY[28]) END
            || ARRAY[dash_num(s."flagValues")]
       ELSE ARRAY[0, (NOT s.invalid AND s.judgments > 0)::int]::numeric[] END,
     true),
    ('wbin', -1, least(floor(greatest(s."kendallW", 0) * 10), 9)::int::text, ARRAY[1]::numeric[],
     NOT s.invalid AND s.judgments >= 2 AND s."kendallW" IS NOT NULL)) AS k(kind, unit, k1, v, keep)
  WHERE k.keep
$$;

CREATE FUNCTION dash_judgment_contrib(j judgment_stats) RETURNS TABLE ("projectId" uuid, kind text, unit integer, k1 text, k2 text, v numeric[])
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT j."projectId", k.kind, k.unit, k.k1, '', k.v
  FROM (VALUES
    ('user', -1, j."userId"::text,
     ARRAY[1, j."looAgree", j."looCompared", j."looAgree"::numeric * j."looAgree", j."looAgree"::numeric * j."looCompared",
           j."looCompared"::numeric * j."looCompared", CASE WHEN j.counted THEN j."looAgree" ELSE 0 END, CASE WHEN j.counted THEN j."looCompared" ELSE 0 END,
           j."goldAgree", j."goldCompared", j."firstWins", j."firstLosses", dash_num(j."firstNullVariance"), j."longerWins", j."longerCompared",
           (j.source = 'LABELED')::int, (j.source = 'LABELED' AND j."onGold")::int]::numeric[],
     true),
    ('week', -1, to_char(date_trunc('week', j."createdAt"), 'IYYY-"W"IW'), ARRAY[j."earlierAgree", j."earlierCompared"]::numeric[],
     j.counted AND j."earlierCompared" > 0),
    ('dur', dash_duration_bin(j."durationMs"), j."userId"::text, ARRAY[1]::numeric[], j.source = 'LABELED')) AS k(kind, unit, k1, v, keep)
  WHERE k.keep
$$;

CREATE FUNCTION dash_game_contrib(g item_model_games) RETURNS TABLE ("projectId" uuid, kind text, unit integer, k1 text, k2 text, v numeric[])
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT g."projectId", 'game', dash_unit(g."itemId"), g."modelA", g."modelB", ARRAY[g.games, dash_num(g."winsA"), 1]::numeric[]
$$;

CREATE FUNCTION dash_flag_contrib(f item_flag_stats) RETURNS TABLE ("projectId" uuid, kind text, unit integer, k1 text, k2 text, v numeric[])
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT f."projectId", 'flag', dash_unit(f."itemId"), f.flag, '', ARRAY[dash_num(f."both"), dash_num(f.mixed), 1]::numeric[]
$$;

CREATE FUNCTION item_stats_rollup_delta() RETURNS trigger
  LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  touched integer;
BEGIN
  -- Few rows (a submit): one delta row per contribution, the old ones negated. Many (a batch): summed per key first.
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO touched FROM new_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_stats AS r FROM new_rows n) x CROSS JOIN LATERAL dash_item_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_stats AS r FROM new_rows n) x
            CROSS JOIN LATERAL dash_item_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose numbers changed (not the stale flag, not an upsert that found the same numbers).
    SELECT count(*) INTO touched FROM new_rows n JOIN old_rows o USING ("itemId") WHERE (n.judgments, n.agree, n.compared, n."agreeTies", n."comparedTies", n."kendallW", n.likert, n."flagValues", n.invalid) IS DISTINCT FROM (o.judgments, o.agree, o.compared, o."agreeTies", o."comparedTies", o."kendallW", o.likert, o."flagValues", o.invalid);
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 8 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_stats AS r FROM new_rows n JOIN old_rows o USING ("itemId") WHERE (n.judgments, n.agree, n.compared, n."agreeTies", n."comparedTies", n."kendallW", n.likert, n."flagValues", n.invalid) IS DISTINCT FROM (o.judgments, o.agree, o.compared, o."agreeTies", o."comparedTies", o."kendallW", o.likert, o."flagValues", o.invalid)
            UNION ALL SELECT -1, ROW(o.*)::item_stats FROM new_rows n JOIN old_rows o USING ("itemId") WHERE (n.judgments, n.agree, n.compared, n."agreeTies", n."comparedTies", n."kendallW", n.likert, n."flagValues", n.invalid) IS DISTINCT FROM (o.judgments, o.agree, o.compared, o."agreeTies", o."comparedTies", o."kendallW", o.likert, o."flagValues", o.invalid)) x CROSS JOIN LATERAL dash_item_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_stats AS r FROM new_rows n JOIN old_rows o USING ("itemId") WHERE (n.judgments, n.agree, n.compared, n."agreeTies", n."comparedTies", n."kendallW", n.likert, n."flagValues", n.invalid) IS DISTINCT FROM (o.judgments, o.agree, o.compared, o."agreeTies", o."comparedTies", o."kendallW", o.likert, o."flagValues", o.invalid)
            UNION ALL SELECT -1, ROW(o.*)::item_stats FROM new_rows n JOIN old_rows o USING ("itemId") WHERE (n.judgments, n.agree, n.compared, n."agreeTies", n."comparedTies", n."kendallW", n.likert, n."flagValues", n.invalid) IS DISTINCT FROM (o.judgments, o.agree, o.compared, o."agreeTies", o."comparedTies", o."kendallW", o.likert, o."flagValues", o.invalid)) x
            CROSS JOIN LATERAL dash_item_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSE
    SELECT count(*) INTO touched FROM old_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT -1 AS sign, ROW(o.*)::item_stats AS r FROM old_rows o) x CROSS JOIN LATERAL dash_item_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT -1 AS sign, ROW(o.*)::item_stats AS r FROM old_rows o) x
            CROSS JOIN LATERAL dash_item_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "item_stats_rollup_insert" AFTER INSERT ON "item_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_rollup_delta();
CREATE TRIGGER "item_stats_rollup_update" AFTER UPDATE ON "item_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_rollup_delta();
CREATE TRIGGER "item_stats_rollup_delete" AFTER DELETE ON "item_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_stats_rollup_delta();

CREATE FUNCTION judgment_stats_rollup_delta() RETURNS trigger
  LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  touched integer;
BEGIN
  -- Few rows (a submit): one delta row per contribution, the old ones negated. Many (a batch): summed per key first.
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO touched FROM new_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::judgment_stats AS r FROM new_rows n) x CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::judgment_stats AS r FROM new_rows n) x
            CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose numbers changed (not the stale flag, not an upsert that found the same numbers).
    SELECT count(*) INTO touched FROM new_rows n JOIN old_rows o USING ("judgmentId") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*);
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 8 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::judgment_stats AS r FROM new_rows n JOIN old_rows o USING ("judgmentId") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::judgment_stats FROM new_rows n JOIN old_rows o USING ("judgmentId") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::judgment_stats AS r FROM new_rows n JOIN old_rows o USING ("judgmentId") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::judgment_stats FROM new_rows n JOIN old_rows o USING ("judgmentId") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x
            CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSE
    SELECT count(*) INTO touched FROM old_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT -1 AS sign, ROW(o.*)::judgment_stats AS r FROM old_rows o) x CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT -1 AS sign, ROW(o.*)::judgment_stats AS r FROM old_rows o) x
            CROSS JOIN LATERAL dash_judgment_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "judgment_stats_rollup_insert" AFTER INSERT ON "judgment_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION judgment_stats_rollup_delta();
CREATE TRIGGER "judgment_stats_rollup_update" AFTER UPDATE ON "judgment_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION judgment_stats_rollup_delta();
CREATE TRIGGER "judgment_stats_rollup_delete" AFTER DELETE ON "judgment_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION judgment_stats_rollup_delta();

CREATE FUNCTION item_model_games_rollup_delta() RETURNS trigger
  LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  touched integer;
BEGIN
  -- Few rows (a submit): one delta row per contribution, the old ones negated. Many (a batch): summed per key first.
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO touched FROM new_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_model_games AS r FROM new_rows n) x CROSS JOIN LATERAL dash_game_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_model_games AS r FROM new_rows n) x
            CROSS JOIN LATERAL dash_game_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose numbers changed (not the stale flag, not an upsert that found the same numbers).
    SELECT count(*) INTO touched FROM new_rows n JOIN old_rows o USING ("itemId", "modelA", "modelB") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*);
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 8 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_model_games AS r FROM new_rows n JOIN old_rows o USING ("itemId", "modelA", "modelB") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::item_model_games FROM new_rows n JOIN old_rows o USING ("itemId", "modelA", "modelB") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x CROSS JOIN LATERAL dash_game_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_model_games AS r FROM new_rows n JOIN old_rows o USING ("itemId", "modelA", "modelB") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::item_model_games FROM new_rows n JOIN old_rows o USING ("itemId", "modelA", "modelB") WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x
            CROSS JOIN LATERAL dash_game_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSE
    SELECT count(*) INTO touched FROM old_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT -1 AS sign, ROW(o.*)::item_model_games AS r FROM old_rows o) x CROSS JOIN LATERAL dash_game_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT -1 AS sign, ROW(o.*)::item_model_games AS r FROM old_rows o) x
            CROSS JOIN LATERAL dash_game_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "item_model_games_rollup_insert" AFTER INSERT ON "item_model_games"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_model_games_rollup_delta();
CREATE TRIGGER "item_model_games_rollup_update" AFTER UPDATE ON "item_model_games"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_model_games_rollup_delta();
CREATE TRIGGER "item_model_games_rollup_delete" AFTER DELETE ON "item_model_games"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_model_games_rollup_delta();

CREATE FUNCTION item_flag_stats_rollup_delta() RETURNS trigger
  LANGUAGE plpgsql SET extra_float_digits = 1 AS $$
DECLARE
  touched integer;
BEGIN
  -- Few rows (a submit): one delta row per contribution, the old ones negated. Many (a batch): summed per key first.
  IF TG_OP = 'INSERT' THEN
    SELECT count(*) INTO touched FROM new_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_flag_stats AS r FROM new_rows n) x CROSS JOIN LATERAL dash_flag_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_flag_stats AS r FROM new_rows n) x
            CROSS JOIN LATERAL dash_flag_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    -- Only rows whose numbers changed (not the stale flag, not an upsert that found the same numbers).
    SELECT count(*) INTO touched FROM new_rows n JOIN old_rows o USING ("itemId", flag) WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*);
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 8 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT 1 AS sign, ROW(n.*)::item_flag_stats AS r FROM new_rows n JOIN old_rows o USING ("itemId", flag) WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::item_flag_stats FROM new_rows n JOIN old_rows o USING ("itemId", flag) WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x CROSS JOIN LATERAL dash_flag_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT 1 AS sign, ROW(n.*)::item_flag_stats AS r FROM new_rows n JOIN old_rows o USING ("itemId", flag) WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)
            UNION ALL SELECT -1, ROW(o.*)::item_flag_stats FROM new_rows n JOIN old_rows o USING ("itemId", flag) WHERE ROW(n.*) IS DISTINCT FROM ROW(o.*)) x
            CROSS JOIN LATERAL dash_flag_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  ELSE
    SELECT count(*) INTO touched FROM old_rows;
    IF touched = 0 THEN RETURN NULL; END IF;
    IF touched <= 16 THEN
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, CASE WHEN x.sign > 0 THEN c.v ELSE ARRAY(SELECT -e FROM unnest(c.v) AS e) END
      FROM (SELECT -1 AS sign, ROW(o.*)::item_flag_stats AS r FROM old_rows o) x CROSS JOIN LATERAL dash_flag_contrib(x.r) c
      WHERE EXISTS (SELECT FROM unnest(c.v) AS e WHERE e <> 0);
    ELSE
      INSERT INTO "dashboard_rollup_deltas" ("projectId", kind, unit, k1, k2, v)
      SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
      FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(x.sign * e.value) AS total
            FROM (SELECT -1 AS sign, ROW(o.*)::item_flag_stats AS r FROM old_rows o) x
            CROSS JOIN LATERAL dash_flag_contrib(x.r) c
            CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
            GROUP BY 1, 2, 3, 4, 5, 6) t
      GROUP BY 1, 2, 3, 4, 5 HAVING bool_or(t.total <> 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "item_flag_stats_rollup_insert" AFTER INSERT ON "item_flag_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_flag_stats_rollup_delta();
CREATE TRIGGER "item_flag_stats_rollup_update" AFTER UPDATE ON "item_flag_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION item_flag_stats_rollup_delta();
CREATE TRIGGER "item_flag_stats_rollup_delete" AFTER DELETE ON "item_flag_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION item_flag_stats_rollup_delta();

-- Backfill: every project's rollups from its stats rows (stale rows included: their recompute
-- moves the sums by its delta, like any other change). The gold mark was set before the triggers
-- existed, so no delta repeats what the backfill counts.

SET LOCAL extra_float_digits = 1;
INSERT INTO "dashboard_rollups" ("projectId", kind, unit, k1, k2, v)
SELECT t."projectId", t.kind, t.unit, t.k1, t.k2, array_agg(t.total ORDER BY t.i)
FROM (SELECT c."projectId", c.kind, c.unit, c.k1, c.k2, e.i, sum(e.value) AS total
      FROM (SELECT c.* FROM "item_stats" s CROSS JOIN LATERAL dash_item_contrib(s) c
            UNION ALL SELECT c.* FROM "judgment_stats" j CROSS JOIN LATERAL dash_judgment_contrib(j) c
            UNION ALL SELECT c.* FROM "item_model_games" g CROSS JOIN LATERAL dash_game_contrib(g) c
            UNION ALL SELECT c.* FROM "item_flag_stats" f CROSS JOIN LATERAL dash_flag_contrib(f) c) c
      CROSS JOIN LATERAL unnest(c.v) WITH ORDINALITY AS e(value, i)
      GROUP BY 1, 2, 3, 4, 5, 6) t
GROUP BY 1, 2, 3, 4, 5;
