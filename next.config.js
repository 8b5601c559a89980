// @ts-check

/** Headers every response carries. The Content-Security-Policy is tightened (nonces) with the security suite. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
];

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
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
