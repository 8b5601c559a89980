import { describe, expect, it } from 'vitest';
import { isNonPublicAddress } from '@/lib/webhooks/public-address';

// Issue 21 item 7: IPv6 forms that carry an IPv4 loopback or private address are refused even
// where this host cannot route them (a NAT64 or 6to4 gateway elsewhere in the network might).
describe('isNonPublicAddress', () => {
  // As URL parsing leaves them (new URL('http://[::127.0.0.1]/').hostname is [::7f00:1]) and as typed.
  const embedded = [
    '::127.0.0.1',
    '::7f00:1',
    '::ffff:0:127.0.0.1',
    '::ffff:0:7f00:1',
    '::ffff:7f00:1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    '::ffff:0:192.168.1.1',
    '64:ff9b::7f00:1',
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::a00:1',
    '2002:7f00:1::',
    '2002:a00:1::1',
    '2002:c0a8:101:1::1',
    '2002:a9fe:a9fe::',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    'fec0::1',
  ];
  it.each(embedded)('refuses %s', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it('refuses the forms of the probe after URL parsing', () => {
    for (const literal of ['[::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[::ffff:7f00:1]', '[64:ff9b::127.0.0.1]', '[2002:7f00:1::]']) {
      const host = new URL(`http://${literal}:8080/x`).hostname.replace(/^\[|\]$/g, '');
      expect(isNonPublicAddress(host), `${literal} → ${host}`).toBe(true);
    }
  });

  it('still lets public addresses through, in IPv4, IPv6 and 6to4 around a public IPv4', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '2606:4700:4700::1111',
      '2a00:1450:4001:80e::200e',
      '2002:808:808::1',
      '2001:4860:4860::8888',
    ]) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  it('keeps the IPv4 rules', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
    ]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
  });
});
