'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-asks the server for the page every `seconds` while `active` (a job queued or running): the page's own guard runs each time. */
export function AutoRefresh({ active, seconds = 2 }: { active: boolean; seconds?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(timer);
  }, [active, seconds, router]);
  return null;
}
