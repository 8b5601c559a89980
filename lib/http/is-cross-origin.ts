/**
 * True when a browser says the request comes from another site. Browsers send Origin with every
 * cross-site POST/PUT, and another site's page could otherwise act with this user's cookie.
 * Compared like Next.js checks server actions: the first x-forwarded-host (set by a proxy; a page
 * on another site cannot add it without CORS), else Host. `Sec-Fetch-Site` (set by the browser,
 * never by a page) is checked too, so a request without Origin is judged as well (issue 17):
 * `cross-site`, and `same-site` (a sibling subdomain, which the Origin rule refuses too), are
 * refused. A request with neither header (a non-browser client) passes.
 */
export function isCrossOrigin(request: { headers: { get(name: string): string | null } }): boolean {
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" and other opaque origins
  }
}
