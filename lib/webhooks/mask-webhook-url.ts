/**
 * A webhook URL as shown to someone who may know where notifications go but not how to call the
 * receiver: scheme and host only. Query strings (and often paths) carry the receiver's own secret
 * (`?token=…`, `/hooks/T0/B0/XXXX`), and user:password never leaves the server either.
 */
export function maskWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(hidden)';
  }
  const rest = `${parsed.pathname === '/' ? '' : parsed.pathname}${parsed.search}${parsed.hash}`;
  return `${parsed.protocol}//${parsed.host}${rest ? '/…' : ''}`;
}
