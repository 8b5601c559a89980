import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';

// Not marked server-only: the CLI and tests use it too. Client components are kept away by the
// layering lint rule (eslint.config.mjs), which fails when a 'use client' module imports it.

/**
 * How long a query waits for a pooled connection (all busy, or the server restarting) before it
 * fails: a request gets an error it can retry instead of waiting forever (pg's default).
 */
const CONNECT_TIMEOUT_MS = 10_000;

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  const env = getEnv();
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DB_POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'error' }] });
}

/** The one Prisma client of this process, created on first use (one per process even under hot reload). */
export function getDb(): PrismaClient {
  globalForPrisma.prisma ??= createClient();
  return globalForPrisma.prisma;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const globalForPool = globalThis as unknown as { pgPool?: pg.Pool };

/**
 * A plain `pg` pool for bulk writes (import), where one multi-row INSERT ... SELECT FROM unnest
 * per batch beats row-by-row ORM calls by an order of magnitude. Everything else uses getDb().
 */
export function getPgPool(): pg.Pool {
  if (!globalForPool.pgPool) {
    const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: getEnv().DB_POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on('error', (error) => log.warn('idle PostgreSQL connection lost', { error }));
    globalForPool.pgPool = pool;
  }
  return globalForPool.pgPool;
}
