import { describe, expect, it } from 'vitest';
import { projectIdOfPath } from '@/lib/i18n/load-locale-inputs';
import { withFallback } from '@/lib/i18n/messages';
import { validTimeZone } from '@/lib/i18n/time-zone';

describe('the request locale helpers (issue 31)', () => {
  it('fills a locale’s missing keys from English, keeping its own', () => {
    const en = { A: { x: 'X', y: 'Y' }, B: { z: 'Z' } };
    expect(withFallback({ A: { x: 'エックス' } }, en)).toEqual({ A: { x: 'エックス', y: 'Y' }, B: { z: 'Z' } });
    expect(withFallback({}, en)).toEqual(en);
  });

  it('reads the project a path is about', () => {
    const id = '0b6f4f3e-7a39-4a43-9d3e-0f5a4c2b1e11';
    expect(projectIdOfPath(`/label/${id}`)).toBe(id);
    expect(projectIdOfPath(`/projects/${id}/dashboard`)).toBe(id);
    expect(projectIdOfPath('/my-work')).toBeNull();
    expect(projectIdOfPath(null)).toBeNull();
  });

  it('accepts an IANA time zone from the cookie and refuses anything else', () => {
    expect(validTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(validTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(validTimeZone('Mars/Olympus')).toBeNull();
    expect(validTimeZone('"><script>')).toBeNull();
    expect(validTimeZone(undefined)).toBeNull();
  });
});
