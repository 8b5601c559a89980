import { describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/auth/client-ip';

describe('clientIp', () => {
  it('takes the last x-forwarded-for hop, which the client cannot forge', () => {
    expect(clientIp({ 'x-forwarded-for': '6.6.6.6, 10.0.0.1, 127.0.0.1' })).toBe('127.0.0.1');
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.2.3.4' }))).toBe('1.2.3.4');
  });
  it('falls back to x-real-ip, then "unknown"', () => {
    expect(clientIp({ 'x-real-ip': '9.9.9.9' })).toBe('9.9.9.9');
    expect(clientIp({})).toBe('unknown');
  });
  it('bounds the length of what it stores', () => {
    expect(clientIp({ 'x-forwarded-for': 'x'.repeat(500) })).toHaveLength(64);
  });
});
