-- Hand-written (issue 23, submit): the ranking submit's stats write appends its own rollup deltas
-- (lib/judgments/recompute-stats.ts, tx_stats_write_deltas: the same contribution functions, in the same
-- statement), so the stats tables' rollup triggers stand aside while it runs. It sets
-- preflab.stats_deltas_written to 'on' (local to its transaction) right before that one statement and
-- clears it right after; a statement trigger's WHEN sees the setting, so the trigger function is not even
-- called (ten plpgsql calls per submit, each with two or three queries over its transition tables).
-- Every other write of these tables (refreshes, exclusions, adjudications, cascades, plain SQL) fires the
-- triggers as before. The trigger functions themselves are unchanged.

DROP TRIGGER "item_stats_rollup_insert" ON "item_stats";
CREATE TRIGGER "item_stats_rollup_insert" AFTER INSERT ON "item_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_stats_rollup_delta();

DROP TRIGGER "item_stats_rollup_update" ON "item_stats";
CREATE TRIGGER "item_stats_rollup_update" AFTER UPDATE ON "item_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_stats_rollup_delta();

DROP TRIGGER "item_stats_rollup_delete" ON "item_stats";
CREATE TRIGGER "item_stats_rollup_delete" AFTER DELETE ON "item_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_stats_rollup_delta();

DROP TRIGGER "judgment_stats_rollup_insert" ON "judgment_stats";
CREATE TRIGGER "judgment_stats_rollup_insert" AFTER INSERT ON "judgment_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION judgment_stats_rollup_delta();

DROP TRIGGER "judgment_stats_rollup_update" ON "judgment_stats";
CREATE TRIGGER "judgment_stats_rollup_update" AFTER UPDATE ON "judgment_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION judgment_stats_rollup_delta();

DROP TRIGGER "judgment_stats_rollup_delete" ON "judgment_stats";
CREATE TRIGGER "judgment_stats_rollup_delete" AFTER DELETE ON "judgment_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION judgment_stats_rollup_delta();

DROP TRIGGER "item_model_games_rollup_insert" ON "item_model_games";
CREATE TRIGGER "item_model_games_rollup_insert" AFTER INSERT ON "item_model_games"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_model_games_rollup_delta();

DROP TRIGGER "item_model_games_rollup_update" ON "item_model_games";
CREATE TRIGGER "item_model_games_rollup_update" AFTER UPDATE ON "item_model_games"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_model_games_rollup_delta();

DROP TRIGGER "item_model_games_rollup_delete" ON "item_model_games";
CREATE TRIGGER "item_model_games_rollup_delete" AFTER DELETE ON "item_model_games"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_model_games_rollup_delta();

DROP TRIGGER "item_flag_stats_rollup_insert" ON "item_flag_stats";
CREATE TRIGGER "item_flag_stats_rollup_insert" AFTER INSERT ON "item_flag_stats"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_flag_stats_rollup_delta();

DROP TRIGGER "item_flag_stats_rollup_update" ON "item_flag_stats";
CREATE TRIGGER "item_flag_stats_rollup_update" AFTER UPDATE ON "item_flag_stats"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_flag_stats_rollup_delta();

DROP TRIGGER "item_flag_stats_rollup_delete" ON "item_flag_stats";
CREATE TRIGGER "item_flag_stats_rollup_delete" AFTER DELETE ON "item_flag_stats"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('preflab.stats_deltas_written', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION item_flag_stats_rollup_delta();
