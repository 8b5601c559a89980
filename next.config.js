// @ts-check
import createNextIntlPlugin from 'next-intl/plugin';

/**
 * Headers every response carries. HTML pages get their Content-Security-Policy, with a nonce per
 * request, from proxy.ts, which replaces the one below; the one below stays on what the proxy does
 * not see (JSON APIs, downloads, the import upload, static files, router prefetches), none of which
 * is a page: nothing may load from them if a browser ever renders one as a document.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" },
];

/**
 * HSTS only when the request came over https: Next.js does not terminate TLS itself, so that is a
 * reverse proxy saying so with X-Forwarded-Proto (browsers ignore HSTS received over plain http anyway).
 * No includeSubDomains: other services of the deploying organisation may live on sibling hosts.
 */
const httpsOnlyHeaders = [{ key: 'Strict-Transport-Security', value: 'max-age=31536000' }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Never serve source maps of server code to a browser, and keep the build off the test suite's PostgreSQL.
  productionBrowserSourceMaps: false,
  serverExternalPackages: ['@node-rs/argon2', 'pg'],
  typescript: { ignoreBuildErrors: false },
  // forbidden() and unauthorized() from next/navigation render app/forbidden.tsx with a 403.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https(,.*)?' }], headers: httpsOnlyHeaders },
    ];
  },
};

// next-intl without i18n routing (issue 31): the locale of each request is resolved in i18n/request.ts.
const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

export default withNextIntl(nextConfig);
