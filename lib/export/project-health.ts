import { readDataMark, stateKey, storeFigure, SYNCHRONOUS_JUDGMENTS } from '@/lib/dashboard/figure-cache';
import type { FigureFreshness } from '@/lib/dashboard/types';
import { getPgPool, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { collectHealth } from '@/lib/export/collect-health';
import { isPairFormat, itemRows } from '@/lib/export/item-rows';
import { loadExportItems } from '@/lib/export/load-export-items';
import { toExportSettings, ZExportRequest } from '@/lib/export/schemas';
import type { PairFormat, PreferencePair } from '@/lib/export/types';
import type { HealthReport } from '@/lib/health/types';

/** The format a live project's health is computed for when none is named: the default pairs export. */
export const DEFAULT_HEALTH_FORMAT: PairFormat = 'pairs';

/**
 * The dataset health of the project as it is now (issue 28): the rows a `format` export with
 * default options would write, read in one REPEATABLE READ transaction as a snapshot reads them,
 * fed to the health accumulator without encoding a byte. Refuses formats that are not pairs.
 */
export async function computeProjectHealth(options: { projectId: string; format?: string }): Promise<HealthReport> {
  const format = options.format ?? DEFAULT_HEALTH_FORMAT;
  if (!isPairFormat(format)) throw new AppError('INVALID_INPUT', `Dataset health is computed for pair formats only, not "${format}"`);
  const settings = toExportSettings(ZExportRequest.parse({ format }));
  const health = collectHealth();
  const skipped = { no_margin: 0, multi_turn: 0 };
  const encode = { pair: (p: PreferencePair) => p, row: () => null };
  await withTransaction(
    async (client) => {
      for await (const batch of loadExportItems({ client, projectId: options.projectId, settings })) {
        for (const item of batch.items) {
          const pairs = itemRows(item, settings, skipped, encode).map((r) => r.value as PreferencePair);
          if (pairs.length > 0) health.observe(item, pairs);
        }
      }
    },
    { isolation: 'repeatable read', readOnly: true },
  );
  return health.report();
}

export type ProjectHealth = { format: PairFormat; report: HealthReport | null; freshness: FigureFreshness };

/** The health figure's state key: the data mark (folds, excluded labelers) and the format. */
const parts = (format: string) => ['health', format, 1];

/**
 * Recomputes the live project's health now and stores it as a cached dashboard figure (widget
 * "health", key the format), with the state key read before the data (a change meanwhile reads as behind).
 */
export async function refreshProjectHealth(options: { projectId: string; format?: string }): Promise<ProjectHealth> {
  const format = (options.format ?? DEFAULT_HEALTH_FORMAT) as PairFormat;
  const mark = await readDataMark({ projectId: options.projectId });
  const started = performance.now();
  const report = await computeProjectHealth({ projectId: options.projectId, format });
  const asOf = await storeFigure({
    projectId: options.projectId,
    widget: 'health',
    key: format,
    stateKey: stateKey(mark, parts(format)),
    value: report,
    computeMs: performance.now() - started,
  });
  return { format, report, freshness: { asOf, behind: mark.pending } };
}

/**
 * The live project's cached health for the dashboard: computed on demand only (the dashboard's
 * button, the CLI), never on a submit. A project with no figure yet and at most
 * SYNCHRONOUS_JUDGMENTS judgments gets it computed in the view; a larger one waits for the button.
 * `behind` when labels changed since it was computed.
 */
export async function getProjectHealth(options: { projectId: string; format?: string }): Promise<ProjectHealth> {
  const format = (options.format ?? DEFAULT_HEALTH_FORMAT) as PairFormat;
  const [mark, { rows }] = await Promise.all([
    readDataMark({ projectId: options.projectId }),
    getPgPool().query<{ stateKey: string; value: HealthReport | null; computedAt: Date | null }>(
      `SELECT "stateKey", value, "computedAt" AT TIME ZONE 'UTC' AS "computedAt"
         FROM dashboard_figure_cache WHERE "projectId" = $1 AND widget = 'health' AND key = $2`,
      [options.projectId, format],
    ),
  ]);
  const row = rows[0];
  if (row?.value) {
    const behind = mark.pending || mark.outOfDate > 0 || row.stateKey !== stateKey(mark, parts(format));
    return { format, report: row.value, freshness: { asOf: row.computedAt, behind } };
  }
  if (mark.judgments <= SYNCHRONOUS_JUDGMENTS) return refreshProjectHealth({ projectId: options.projectId, format });
  return { format, report: null, freshness: { asOf: null, behind: true } };
}
