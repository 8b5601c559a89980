import { describe, expect, it } from 'vitest';
import { isCrossOrigin } from '@/lib/http/is-cross-origin';

const request = (headers: Record<string, string>) =>
  new Request('http://app.test/api/v1/x', { method: 'POST', headers: { host: 'app.test', ...headers } });

describe('isCrossOrigin', () => {
  it('judges Origin against the host (or the first X-Forwarded-Host)', () => {
    expect(isCrossOrigin(request({ origin: 'http://app.test' }))).toBe(false);
    expect(isCrossOrigin(request({ origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossOrigin(request({ origin: 'null' }))).toBe(true);
    expect(isCrossOrigin(request({ origin: 'https://labels.example.org', 'x-forwarded-host': 'labels.example.org, app.test' }))).toBe(
      false,
    );
  });

  it('without Origin, refuses what the browser marks cross-site or same-site (issue 17 item 8), and passes the rest', () => {
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'Cross-Site' }))).toBe(true);
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'same-origin' }))).toBe(false);
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'none' }))).toBe(false);
    // A non-browser client (curl, the CLI's HTTP calls) sends neither.
    expect(isCrossOrigin(request({}))).toBe(false);
  });

  it('a browser’s cross-site mark is refused even beside an Origin naming this host (no browser sends both)', () => {
    expect(isCrossOrigin(request({ origin: 'http://app.test', 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossOrigin(request({ origin: 'http://app.test', 'sec-fetch-site': 'same-origin' }))).toBe(false);
  });
});
