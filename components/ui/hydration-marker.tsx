'use client';

import { useEffect } from 'react';

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`). Until then a form
 * submitted is a plain POST and a full page load, which loses what was typed if the server refuses
 * it; the browser tests wait for the mark after a full page load (e2e/fixtures.ts) instead of
 * typing into a page that is not interactive yet.
 */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
