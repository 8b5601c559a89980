/**
 * The client address as the nearest proxy saw it: the last x-forwarded-for entry (Next.js
 * appends the socket address itself), which a client cannot forge by sending its own header.
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const forwarded = get('x-forwarded-for');
  const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
  return (last ?? get('x-real-ip') ?? 'unknown').slice(0, 64);
}
