import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/content-security-policy';

describe('buildContentSecurityPolicy', () => {
  it('allows scripts only by nonce in production, and never inline or eval', () => {
    const policy = buildContentSecurityPolicy({ nonce: 'abc=' });
    expect(policy).toContain("script-src 'self' 'nonce-abc=' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self' 'nonce-abc='");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    for (const d of [
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
    ])
      expect(policy).toContain(d);
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('adds eval and inline styles for the dev server only, and the upgrade over https only', () => {
    expect(buildContentSecurityPolicy({ nonce: 'n', dev: true })).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(buildContentSecurityPolicy({ nonce: 'n', https: true })).toMatch(/; upgrade-insecure-requests$/);
  });
});

describe('createNonce', () => {
  it('is 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
