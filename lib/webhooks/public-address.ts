import dns from 'node:dns';
import net from 'node:net';

/**
 * Addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE_HOSTS is true: loopback, private
 * (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * "this network", multicast, reserved and documentation ranges, and any of these mapped into IPv6.
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
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** True when `address` (an IP literal) is one a webhook must not reach by default. */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  // BlockList judges an IPv4-mapped IPv6 address (::ffff:7f00:1) by the IPv4 rules.
  return BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4');
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
