import { createHash } from 'node:crypto';

/**
 * A stable external id for rows that carry none: a prefix and the first 16 hex digits of the
 * sha256 of the content, so the same row imported twice gets the same id (and is skipped).
 */
export function deriveId(prefix: string, ...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(JSON.stringify(part)).update('\u0000');
  return `${prefix}-${hash.digest('hex').slice(0, 16)}`;
}
