import type { LeaseState } from '@/components/task/task-lifecycle';

const TONE_CLASS: Record<LeaseState['tone'], string> = {
  calm: 'text-xs text-slate-600',
  warn: 'rounded-md bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900',
  ended: 'rounded-md bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900',
};

/**
 * How long the task stays reserved for the labeler; `lease` comes from useTaskScreen, which keeps
 * it current (every 15 s) and gives null until hydrated, so it is shown in the browser's time zone.
 */
export function LeaseNote({ lease }: { lease: LeaseState | null }) {
  if (!lease) return null;
  return (
    <p data-testid="lease-note" className={TONE_CLASS[lease.tone]}>
      {lease.text}
    </p>
  );
}
