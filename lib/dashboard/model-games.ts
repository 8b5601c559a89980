/**
 * Fewest games (counted pairwise comparisons, ties half) before the dashboard shows a model's
 * rating or a cell's win rate as a result (issue 17): with 20 games a win rate's 95% interval is
 * still about ±20 points, so below it the Models section says "too few comparisons" instead.
 */
export const MIN_MODEL_GAMES = 20;
