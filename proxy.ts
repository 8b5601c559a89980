import { NextResponse, type NextRequest } from 'next/server';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';
import { PATHNAME_HEADER } from '@/lib/i18n/pathname-header';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/content-security-policy';

/**
 * A fresh CSP nonce for every page request. Next.js reads the nonce from the request's
 * Content-Security-Policy header while rendering and applies it to its own scripts and styles,
 * so the policy needs no 'unsafe-inline' for scripts. Authorization is not done here: every
 * page, action and route handler calls its own guard.
 */
export function proxy(request: NextRequest) {
  // Next.js refuses a server action whose Origin names another host, but lets one without Origin
  // through; a browser's Sec-Fetch-Site still says where it came from (lib/http/is-cross-origin.ts).
  // Every POST to a page is a server action: with JavaScript it names the action in a header, a
  // form posted without JavaScript names it in its body, so all of them are checked.
  if (request.method === 'POST' && isCrossOrigin(request)) {
    return new NextResponse('Requests from another site are refused', { status: 403, headers: { 'content-type': 'text/plain' } });
  }
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  // NODE_ENV is fixed at build time by Next.js, not configuration read at run time.
  const policy = buildContentSecurityPolicy({ nonce: createNonce(), dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  requestHeaders.set(PATHNAME_HEADER, request.nextUrl.pathname); // which project a page is about, for its locale (i18n/request.ts)
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages and the server actions posted to them. Not: API routes and static files (they get
      // next.config.js's non-document policy), router prefetches (no HTML), and the import
      // upload, whose body Next.js would buffer (and cut at 10 MB) for a proxy that matches it.
      source: '/((?!api(?:/|$)|_next/static/|_next/image|favicon\\.ico$|projects/[^/]+/import/upload$).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
