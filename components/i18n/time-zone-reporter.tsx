'use client';

import { useTimeZone } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/time-zone';

/**
 * Tells the server the browser's time zone (issue 31) in a cookie, once: when the zone the page was
 * rendered with is not the browser's, it writes the cookie and re-renders, so dates and times are in
 * the labeler's own zone from then on (first visit: UTC until this runs).
 */
export function TimeZoneReporter() {
  const rendered = useTimeZone();
  const router = useRouter();
  useEffect(() => {
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!own || own === rendered) return;
    // Already reported (and the server would not use it): do not refresh in a loop.
    if (document.cookie.split('; ').includes(`${TIME_ZONE_COOKIE}=${own}`)) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${own}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [rendered, router]);
  return null;
}
