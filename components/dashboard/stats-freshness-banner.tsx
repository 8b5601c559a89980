'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** What the server knows about the project's stored numbers (lib/judgments/get-stats-freshness.ts), as plain data. */
export type FreshnessView = {
  outOfDate: number;
  staleItems: number;
  labelers: { name: string; excluded: boolean }[];
  progress: { done: number; total: number } | null;
  /** The recompute: 'running', 'queued' (waiting for a worker), or null when none is queued yet. */
  job: 'running' | 'queued' | null;
  /** Seconds since it started running, or since it was queued. */
  forSeconds: number | null;
  /** More changes pending than a view folds inline: the background fold is folding them (lib/dashboard/find-fold-backlog.ts). */
  foldBacklog?: boolean;
};

/** How often the page asks the server again while figures are out of date. */
const POLL_MS = 3_000;

const n = (x: number) => x.toLocaleString('en');
const items = (x: number) => `${n(x)} ${x === 1 ? 'item' : 'items'}`;
const names = (list: { name: string }[]) =>
  list.length <= 1
    ? (list[0]?.name ?? '')
    : `${list
        .slice(0, -1)
        .map((l) => l.name)
        .join(', ')} and ${list[list.length - 1]!.name}`;
const ago = (s: number | null) => (s === null ? '' : s < 90 ? ` (${s} s)` : ` (${Math.round(s / 60)} min)`);

/** The banner's sentences, in the order a lead needs them. */
export function freshnessSentences(f: FreshnessView): string[] {
  const backlog = f.foldBacklog
    ? 'Folding a backlog of recent labels and changes in the background: progress, agreement, labelers and models show the figures of the last fold until it is done.'
    : null;
  if (f.outOfDate === 0) return backlog ? [backlog] : [];
  const head = f.progress
    ? `Recomputing: ${n(f.progress.done)} of ${n(f.progress.total)} items`
    : f.job === 'running'
      ? `Recomputing ${items(f.outOfDate)}`
      : `${items(f.outOfDate)} ${f.outOfDate === 1 ? 'waits' : 'wait'} for a recompute${f.job === 'queued' ? ' (queued)' : ''}`;
  const excluded = f.labelers.filter((l) => l.excluded);
  const included = f.labelers.filter((l) => !l.excluded);
  const parts = [
    excluded.length > 0 ? `figures still include the labels of ${names(excluded)} (excluded)` : null,
    included.length > 0
      ? `${excluded.length > 0 ? 'not yet' : 'figures do not yet include'} the labels of ${names(included)} (included again)`
      : null,
  ].filter((p): p is string => p !== null);
  const sentences = [`${head}${ago(f.forSeconds)}${parts.length > 0 ? `; ${parts.join(', and ')}` : ''}.`];
  if (backlog) sentences.push(backlog);
  if (f.staleItems > 0) sentences.push(`${items(f.staleItems)} imported or edited ${f.staleItems === 1 ? 'is' : 'are'} not yet counted.`);
  return sentences;
}

/**
 * Says which figures are out of date while the background recompute runs (issue 23), and reloads
 * the page's server data every few seconds until they are current: the banner then disappears and
 * the widgets show the new figures.
 */
export function StatsFreshnessBanner({ freshness }: { freshness: FreshnessView }) {
  const router = useRouter();
  const current = freshness.outOfDate === 0 && !freshness.foldBacklog;
  useEffect(() => {
    if (current) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [current, router]);
  if (current) return null;
  return (
    <div role="status" aria-live="polite" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      {freshnessSentences(freshness).map((s) => (
        <p key={s}>{s}</p>
      ))}
    </div>
  );
}
