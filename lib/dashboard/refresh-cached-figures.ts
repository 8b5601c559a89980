import { setImmediate as nextTurn } from 'node:timers/promises';
import { computeAbuseAlarms } from '@/lib/dashboard/compute-abuse-alarms';
import { computeGroupBreakdown, loadGroupInputs, pooledNumbers, type GroupInputs } from '@/lib/dashboard/compute-group-breakdown';
import { findAskedFigures, readDataMark, stateKey, storeFigure } from '@/lib/dashboard/figure-cache';
import { abuseAlarmParts } from '@/lib/dashboard/find-abuse-alarms';
import { groupBreakdownParts, orderedAttributes } from '@/lib/dashboard/find-group-breakdown';
import { foldRollups } from '@/lib/dashboard/fold-rollups';
import { withTransaction } from '@/lib/db';
import { findLabelerAttributes } from '@/lib/pool/find-labeler-attributes';
import type { GroupNumbers } from '@/lib/pool/group-stats';
import { getPoolSettings } from '@/lib/pool/pool-settings';

export type RefreshedFigure = { widget: 'abuse' | 'groups'; key: string; ms: number };

/**
 * Recomputes the project's cached figures that views asked for (abuse alarms; group breakdowns,
 * one per attribute asked) whose state key changed: the last step of the stats refresh job
 * (lib/dashboard/run-stats-refresh.ts). One run per project at a time (another returns at once: the
 * view that finds the figure still behind queues the job again). Cheap when nothing changed: a fold
 * and a few index reads. The state key is read before the data, so a change made during the
 * computation leaves the figure behind, never wrongly current. Returns what was recomputed.
 */
export async function refreshCachedFigures(options: { projectId: string }): Promise<RefreshedFigure[]> {
  const { projectId } = options;
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(10, hashtext($1)) AS locked', [projectId]);
    if (!rows[0]?.locked) return [];
    await foldRollups({ projectId });
    const [mark, settings, attributeRows, abuse, groups] = await Promise.all([
      readDataMark({ projectId }),
      getPoolSettings({ projectId }),
      findLabelerAttributes({ projectId }),
      findAskedFigures({ projectId, widget: 'abuse' }),
      findAskedFigures({ projectId, widget: 'groups' }),
    ]);
    const refreshed: RefreshedFigure[] = [];
    const abuseKey = stateKey(mark, abuseAlarmParts(settings.speedFloorSeconds));
    if (abuse.some((a) => a.stateKey !== abuseKey)) {
      const started = performance.now();
      const value = await computeAbuseAlarms({ projectId });
      const ms = performance.now() - started;
      await storeFigure({ projectId, widget: 'abuse', key: '', stateKey: abuseKey, value, computeMs: ms });
      refreshed.push({ widget: 'abuse', key: '', ms });
    }
    // Attributes no member has any more are left alone: no view asks for them.
    const attributes = orderedAttributes(attributeRows);
    const stale = groups
      .map((g) => ({ attribute: g.key === '' ? null : g.key, key: g.key, was: g.stateKey }))
      .filter((g) => (g.attribute === null ? attributes.length === 0 : attributes.includes(g.attribute)))
      .map((g) => ({ ...g, stateKey: stateKey(mark, groupBreakdownParts(settings.minGroupSize, g.attribute, attributeRows)) }))
      .filter((g) => g.stateKey !== g.was);
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
    return refreshed;
  });
}
