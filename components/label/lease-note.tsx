'use client';

import { useEffect, useState } from 'react';

/** Minutes left under which the note turns amber. */
const WARN_MINUTES = 5;

/**
 * How long the task stays reserved for the labeler (PRODUCT §4: leases expire so abandoned work
 * returns to the pool). Rendered after mount only, in the browser's own time zone, and refreshed
 * every 15 s. After expiry it says what still works: a late submit is accepted while the item
 * still needs answers, and the draft is kept.
 */
export function LeaseNote({ leaseExpiresAt }: { leaseExpiresAt: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  if (now === null) return null;
  const expires = new Date(leaseExpiresAt);
  const minutesLeft = Math.floor((expires.getTime() - now) / 60_000);
  const at = expires.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (expires.getTime() <= now) {
    return (
      <p data-testid="lease-note" className="rounded-md bg-amber-100 px-2 py-1 text-xs font-medium text-amber-900">
        Your reservation ended at {at}. Submitting still works while this item needs answers; your draft is kept.
      </p>
    );
  }
  return (
    <p data-testid="lease-note" className={`text-xs ${minutesLeft < WARN_MINUTES ? 'rounded-md bg-amber-100 px-2 py-1 font-medium text-amber-900' : 'text-slate-600'}`}>
      Reserved for you until {at}
      {minutesLeft < WARN_MINUTES ? ` (${minutesLeft < 1 ? 'less than a minute' : `${minutesLeft} min`} left)` : ''}
    </p>
  );
}
