'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { ago } from '@/components/dashboard/bootstrap-note';
import type { FigureFreshness } from '@/lib/dashboard/types';

/** How often the page asks again while a figure has never been computed (it fills in when the job is done). */
const POLL_MS = 5_000;

/** The sentence under a figure computed off the request path (issue 23): its age, or that it is being recomputed. */
export function figureFreshnessSentence(freshness: FigureFreshness, now: number, what: string): string {
  if (freshness.asOf === null) return `Computing ${what} in the background: they appear here when done.`;
  if (freshness.behind)
    return `Recomputing: the ${what} shown are from ${ago(freshness.asOf, now)} ago and do not include the latest labels or changes yet.`;
  return `The ${what} as of ${ago(freshness.asOf, now)} ago, on the current data.`;
}

/**
 * Says how fresh a cached figure is (abuse alarms, group breakdowns, progress past a backlog):
 * "as of N s ago", "recomputing" beside the older figure, or "computing" with none yet. While there
 * is none (or, with `pollWhileBehind`, while it is behind), the page asks the server again every few
 * seconds, so the figure shows up when the job has made it.
 */
export function FigureFreshnessNote({
  freshness,
  now,
  what,
  pollWhileBehind = false,
}: {
  freshness: FigureFreshness;
  now: number;
  what: string;
  pollWhileBehind?: boolean;
}) {
  const router = useRouter();
  const waiting = freshness.asOf === null || (pollWhileBehind && freshness.behind);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, router]);
  return (
    <p
      className={freshness.behind ? 'text-xs text-amber-800' : 'text-xs text-slate-500'}
      data-stat="figure-freshness"
      role={waiting ? 'status' : undefined}
    >
      {figureFreshnessSentence(freshness, now, what)}
    </p>
  );
}
