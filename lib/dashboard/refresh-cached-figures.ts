import { setImmediate as nextTurn } from 'node:timers/promises';
import { computeAbuseAlarms } from '@/lib/dashboard/compute-abuse-alarms';
import { computeGroupBreakdown, loadGroupInputs, pooledNumbers, type GroupInputs } from '@/lib/dashboard/compute-group-breakdown';
import { findAskedFigures, readDataMark, recomputeDue, stateKey, storeFigure } from '@/lib/dashboard/figure-cache';
import { abuseAlarmParts } from '@/lib/dashboard/find-abuse-alarms';
import { groupBreakdownParts, isOfferedAttribute, orderedAttributes } from '@/lib/dashboard/find-group-breakdown';
import { foldRollups } from '@/lib/dashboard/fold-rollups';
import { withTransaction } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';
import { findLabelerAttributes } from '@/lib/pool/find-labeler-attributes';
import type { GroupNumbers } from '@/lib/pool/group-stats';
import { getPoolSettings } from '@/lib/pool/pool-settings';

export type RefreshedFigure = { widget: 'abuse' | 'groups'; key: string; ms: number };
/** What a refresh did: the figures recomputed, and when the stale ones it left for later fall due (null: none left). */
export type FigureRefresh = { refreshed: RefreshedFigure[]; deferredUntil: Date | null };

/**
 * Recomputes the project's cached figures that views asked for (abuse alarms; group breakdowns,
 * one per attribute asked) whose state key changed: the last step of the stats refresh job
 * (lib/dashboard/run-stats-refresh.ts). One run per project at a time (another returns at once: the
 * view that finds the figure still behind queues the job again). Cheap when nothing changed: a fold
 * and a few index reads. The state key is read before the data, so a change made during the
 * computation leaves the figure behind, never wrongly current. A slow figure computed lately is
 * left for later (figure-cache.ts recomputeDue), and a job is queued for when it falls due.
 */
export async function refreshCachedFigures(options: { projectId: string; now?: number }): Promise<FigureRefresh> {
  const { projectId } = options;
  const now = options.now ?? Date.now();
  const result = await withTransaction(async (client): Promise<FigureRefresh> => {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(10, hashtext($1)) AS locked', [projectId]);
    if (!rows[0]?.locked) return { refreshed: [], deferredUntil: null };
    await foldRollups({ projectId });
    const [mark, settings, attributeRows, abuse, groups] = await Promise.all([
      readDataMark({ projectId }),
      getPoolSettings({ projectId }),
      findLabelerAttributes({ projectId }),
      findAskedFigures({ projectId, widget: 'abuse' }),
      findAskedFigures({ projectId, widget: 'groups' }),
    ]);
    const refreshed: RefreshedFigure[] = [];
    const later: Date[] = [];
    const dueNow = (figure: (typeof abuse)[number]) => {
      const due = recomputeDue(figure, now);
      if (due) later.push(due);
      return due === null;
    };
    const abuseKey = stateKey(mark, abuseAlarmParts(settings.speedFloorSeconds));
    const staleAbuse = abuse.filter((a) => a.stateKey !== abuseKey);
    if (staleAbuse.length > 0 && staleAbuse.every(dueNow)) {
      const started = performance.now();
      const value = await computeAbuseAlarms({ projectId });
      const ms = performance.now() - started;
      await storeFigure({ projectId, widget: 'abuse', key: '', stateKey: abuseKey, value, computeMs: ms });
      refreshed.push({ widget: 'abuse', key: '', ms });
    }
    // Attributes no member has any more are left alone: no view asks for them.
    const attributes = orderedAttributes(attributeRows);
    const stale = groups
      .map((g) => ({
        attribute: g.key === '' ? null : g.key,
        key: g.key,
        was: g.stateKey,
        computedAt: g.computedAt,
        computeMs: g.computeMs,
      }))
      .filter((g) => (g.attribute === null ? attributes.length === 0 : isOfferedAttribute(g.attribute, attributes)))
      .map((g) => ({ ...g, stateKey: stateKey(mark, groupBreakdownParts(settings.minGroupSize, g.attribute, attributeRows)) }))
      .filter((g) => g.stateKey !== g.was)
      .filter(dueNow);
    let inputs: GroupInputs | null = null;
    let pooled: GroupNumbers | undefined;
    for (const g of stale) {
      const started = performance.now();
      inputs ??= await loadGroupInputs({ projectId });
      await nextTurn(); // the job runs in an app instance: let its requests through between groups of work
      pooled ??= pooledNumbers(inputs);
      await nextTurn();
      const value = computeGroupBreakdown({
        inputs,
        attribute: g.attribute,
        rows: attributeRows,
        minGroupSize: settings.minGroupSize,
        pooled,
      });
      const ms = performance.now() - started;
      await storeFigure({ projectId, widget: 'groups', key: g.key, stateKey: g.stateKey, value, computeMs: ms });
      refreshed.push({ widget: 'groups', key: g.key, ms });
    }
    const deferredUntil = later.length > 0 ? new Date(Math.min(...later.map((d) => d.getTime()))) : null;
    return { refreshed, deferredUntil };
  });
  // Its own singleton key: a refresh queued now (items out of date) must not wait behind it.
  if (result.deferredUntil)
    await enqueueJob(statsRefreshJob, { projectId }, { singletonKey: `${projectId}:later`, startAfter: result.deferredUntil });
  return result;
}
