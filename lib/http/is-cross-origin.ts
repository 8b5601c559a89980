/**
 * True when a browser says the request comes from another site. Browsers send Origin with every
 * cross-site POST/PUT, and another site's page could otherwise act with this user's cookie.
 * Compared like Next.js checks server actions: the first x-forwarded-host (set by a proxy; a page
 * on another site cannot add it without CORS), else Host. Without Origin, `Sec-Fetch-Site` (set by
 * the browser, never by a page) decides: `cross-site`, and `same-site` (a sibling subdomain, which
 * the Origin rule refuses too), are refused. A request with neither (a non-browser client) passes.
 */
export function isCrossOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
    return site === 'cross-site' || site === 'same-site';
  }
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" and other opaque origins
  }
}
