/**
 * GET /api/health against the test database, and against a client whose database cannot be
 * reached (a closed port), swapped in where lib/db caches the process's client.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/health/route';
import { PrismaClient } from '@/generated/prisma/client';
import { getDb } from '@/lib/db';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

let restore: (() => Promise<void>) | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await restore?.();
  restore = undefined;
});

describe('GET /api/health', () => {
  it('answers 200 with the database up when PostgreSQL answers', async () => {
    const response = await GET();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up', latencyMs: expect.any(Number) });
  });

  it('answers 503 with the database down when PostgreSQL cannot be reached', async () => {
    const working = getDb();
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://x:y@127.0.0.1:1/none' }) });
    globalForPrisma.prisma = unreachable;
    restore = async () => {
      globalForPrisma.prisma = working;
      await unreachable.$disconnect();
    };

    // Captures the server log instead of letting it reach the terminal.
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const response = await GET();

    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The cause is logged on the server, and only a bare status reaches the caller.
    expect(await response.json()).toEqual({ status: 'error', database: 'down' });
    const logged = stderr.mock.calls.map(
      ([chunk]) => JSON.parse(String(chunk)) as { level: string; msg: string; error: { message: string } },
    );
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'health check: database unreachable',
        error: expect.objectContaining({ message: expect.any(String) }),
      }),
    ]);
  });
});
