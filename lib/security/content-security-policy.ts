/**
 * The Content-Security-Policy of an HTML page (PRODUCT §9). Scripts run only with the request's
 * nonce, which Next.js reads from this header and puts on its own scripts; 'strict-dynamic' lets
 * them load their chunks. Style elements need the nonce too; style attributes stay allowed
 * (style-src-attr) because React's `style={…}` (bars, charts, progress) writes them, and they
 * cannot run code. Development adds 'unsafe-eval' and inline styles, which React's dev tooling needs.
 */
export function buildContentSecurityPolicy(options: { nonce: string; dev?: boolean; https?: boolean }): string {
  const { nonce, dev = false, https = false } = options;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** A fresh nonce: 128 random bits, base64. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
