/**
 * The client address as the nearest proxy saw it: the last x-forwarded-for entry, which a
 * client cannot forge behind a proxy that appends to the header. Without a proxy, Next.js fills
 * the header with the socket address only when the request has none, so a client talking to
 * Next directly can pick its own value: the per-IP limit then binds only honest clients, and
 * the per-account limit is the one that always holds.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const forwarded = get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return (last ?? get('x-real-ip') ?? 'unknown').slice(0, 64);
}
