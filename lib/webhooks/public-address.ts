import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE_HOSTS is true: loopback, private
 * (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * "this network", multicast, reserved and documentation ranges, and any of these embedded in IPv6
 * (mapped, translated, compatible, NAT64, 6to4). The same check guards model connections.
 * A lead sets the URL, but the app server sits inside the operator's network: without this, a lead
 * could make it POST to the database host or the cloud metadata service.
 */
const BLOCKED = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291), including :: and ::1.
  ['::', 96],
  ['64:ff9b::', 96],
  // Local-use NAT64 (RFC 8215): translated to IPv4 by the operator's own gateway.
  ['64:ff9b:1::', 48],
  ['100::', 64],
  // IETF special purpose (RFC 2928), which holds Teredo (2001::/32, an obfuscated IPv4 inside) and ORCHID.
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  // Site-local (deprecated by RFC 3879, still routed inside some networks).
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** The 16-bit groups of an IPv6 literal (with any dotted IPv4 tail), or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (net.isIPv6(address) === false) return null;
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 addresses an IPv6 literal carries where a host, gateway or relay could turn it into an
 * IPv4 connection: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d, RFC 2765),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::/48).
 */
function embeddedIpv4(groups: number[]): string[] {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const out: string[] = [];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && (g4 === 0 || g4 === 0xffff) && (g5 === 0 || g5 === 0xffff)) out.push(v4(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b) out.push(v4(g6, g7));
  if (g0 === 0x2002) out.push(v4(g1, g2));
  return out;
}

/**
 * True when `address` (an IP literal) is one a webhook or a model connection must not reach by
 * default. IPv6 forms that embed an IPv4 address are judged by that address too, whether or not
 * this host could route them (a NAT64 or 6to4 gateway elsewhere in the network might).
 */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  // BlockList judges an IPv4-mapped IPv6 address (::ffff:7f00:1) by the IPv4 rules.
  if (BLOCKED.check(address, 'ipv6')) return true;
  const groups = ipv6Groups(address);
  return groups !== null && embeddedIpv4(groups).some((embedded) => BLOCKED.check(embedded, 'ipv4'));
}

/** The error a refused address gives; its message is what the delivery log shows the lead. */
export class NonPublicAddressError extends Error {
  readonly code = 'NON_PUBLIC_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private or reserved address; set WEBHOOK_ALLOW_PRIVATE_HOSTS=true to allow it`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for node:http(s) requests that resolves the host and refuses non-public addresses.
 * The connection uses exactly the address checked here, so a DNS answer that changes between a
 * check and the connection (DNS rebinding) cannot slip through.
 */
export function publicOnlyLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses;
    const refused = list.find((a) => isNonPublicAddress(a.address));
    if (refused) return callback(new NonPublicAddressError(hostname, refused.address) as NodeJS.ErrnoException, '');
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
    callback(null, first.address, first.family);
  });
}
