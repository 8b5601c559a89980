/*
 * The labeler's time zone (issue 31): the browser reports it in a cookie (components/i18n/time-zone-reporter.tsx),
 * the server formats dates and times with it. Not in the profile: a contractor who travels should see their
 * own clock, and nothing is stored about them that the browser already says on every request.
 */

/** The cookie the browser writes its IANA time zone into. */
export const TIME_ZONE_COOKIE = 'pl-tz';

/** The zone dates are shown in until the browser has reported one. */
export const FALLBACK_TIME_ZONE = 'UTC';

/** `value` when it is an IANA time zone this runtime knows, else null (never trust a cookie). */
export function validTimeZone(value: string | null | undefined): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    // Kept as the browser named it (not canonicalised), so the zone the page renders with is the browser's own.
    new Intl.DateTimeFormat('en', { timeZone: value }).format(0);
    return value;
  } catch {
    return null;
  }
}
