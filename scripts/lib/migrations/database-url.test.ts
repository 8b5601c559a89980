import { describe, expect, it } from 'vitest';
import { migrationDatabaseUrl } from './database-url';

const direct = 'postgresql://u:p@db:5432/app';
const pooler = 'postgresql://u:p@pgbouncer:6432/app';

describe('migrationDatabaseUrl', () => {
  it('takes DATABASE_DIRECT_URL over DATABASE_URL, and DATABASE_URL without it', () => {
    expect(migrationDatabaseUrl({ DATABASE_URL: pooler, DATABASE_DIRECT_URL: direct, DATABASE_POOLER: 'transaction' })).toBe(direct);
    expect(migrationDatabaseUrl({ DATABASE_URL: direct })).toBe(direct);
    expect(migrationDatabaseUrl({})).toBeUndefined();
  });

  it('refuses to migrate through a transaction-mode pooler, naming the variable to set', () => {
    expect(() => migrationDatabaseUrl({ DATABASE_URL: pooler, DATABASE_POOLER: 'transaction' })).toThrow(/DATABASE_DIRECT_URL/);
  });
});
