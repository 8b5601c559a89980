'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

/** Opens the page in the browser's own time zone when the address names none (the server cannot know it). */
export function BrowserTimeZone() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  useEffect(() => {
    if (params.get('tz')) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === 'UTC') return;
    const next = new URLSearchParams(params);
    next.set('tz', zone);
    router.replace(`${pathname}?${next.toString()}`);
  }, [params, pathname, router]);
  return null;
}
