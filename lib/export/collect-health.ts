import { effectiveRankings } from '@/lib/export/expand-pairs';
import type { ExportItem, PreferencePair } from '@/lib/export/types';
import { createHealthAccumulator } from '@/lib/health/accumulate-health';
import type { HealthItemInput, HealthReport } from '@/lib/health/types';

/** What the health report reads of an export item: its text, its responses' flag counts and its labels. */
export function healthItem(item: ExportItem): HealthItemInput {
  const labeled = item.judgments.filter((j) => !j.allUnacceptable && j.ranking.length > 0);
  const flagCount = (id: string) => {
    if (item.judgments.length === 0) return 0;
    let n = 0;
    for (const j of item.judgments) n += j.flags[id]?.length ?? 0;
    return n / item.judgments.length;
  };
  return {
    prompt: item.messages.map((m) => m.content).join('\n'),
    responses: item.responses.map((r) => ({ id: r.id, text: r.text, modelId: r.modelId, flags: flagCount(r.id) })),
    rankings: effectiveRankings(item).map((r) => r.ranking),
    shown: labeled.map((j) => ({ ranking: j.ranking, shownOrder: j.shownOrder })),
  };
}

/**
 * The dataset health of a pairs-type export (issue 28), fed by writeExport's `observe` with each
 * item's written pairs: a few numbers per row are kept, never the texts.
 */
export function collectHealth() {
  const health = createHealthAccumulator();
  return {
    observe(item: ExportItem, pairs: PreferencePair[]): void {
      health.addItem(
        healthItem(item),
        pairs.map((p) => ({ split: p.split, tie: p.tie, chosen: p.chosen.id, rejected: p.rejected.id })),
      );
    },
    report: (): HealthReport => health.report(),
    heldBytes: () => health.heldBytes(),
  };
}
