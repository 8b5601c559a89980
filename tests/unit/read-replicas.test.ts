import { describe, expect, it } from 'vitest';
import { lsnValue, replicaLag } from '@/lib/db';
import { parseReadUrls } from '@/lib/env';

describe('DATABASE_READ_URL', () => {
  it('is empty when unset or blank', () => {
    expect(parseReadUrls('')).toEqual([]);
    expect(parseReadUrls(' , ')).toEqual([]);
  });

  it('lists one replica per comma, blanks around commas ignored', () => {
    expect(parseReadUrls('postgresql://u:p@r1:5432/app')).toEqual(['postgresql://u:p@r1:5432/app']);
    expect(parseReadUrls('postgres://r1/app , postgresql://r2:6432/app?sslmode=require,')).toEqual([
      'postgres://r1/app',
      'postgresql://r2:6432/app?sslmode=require',
    ]);
  });

  it('names the replica that is not a PostgreSQL URL', () => {
    expect(() => parseReadUrls('postgresql://r1/app,r2:5432/app')).toThrow('replica 2 of 2 must be a postgresql:// URL');
    expect(() => parseReadUrls('postgresql://r1/app, not a url')).toThrow('replica 2 of 2 is not a URL');
    expect(() => parseReadUrls('mysql://r1/app')).toThrow('replica 1 of 1 must be a postgresql:// URL');
  });
});

describe('the lag rule', () => {
  const probe = { inRecovery: true, sinceReplay: 2.5, replayLsn: '0/3000148' };

  it('compares pg_lsn values as numbers, the high half first', () => {
    expect(lsnValue('0/3000148')).toBe(0x3000148n);
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('is the age of the last replayed commit while within the maximum', () => {
    expect(replicaLag(probe, 10)).toBe(2.5);
    expect(replicaLag({ ...probe, sinceReplay: 10 }, 10)).toBe(10);
    // Clocks a little apart: never a negative age.
    expect(replicaLag({ ...probe, sinceReplay: -0.2 }, 10)).toBe(0);
  });

  it('refuses a replica further behind than the maximum, unless it has replayed all the primary wrote', () => {
    expect(replicaLag({ ...probe, sinceReplay: 10.5 }, 10)).toBeNull();
    expect(replicaLag({ ...probe, sinceReplay: 10.5 }, 10, '0/3000200')).toBeNull();
    // An idle primary: the last commit is old, but there is nothing to replay.
    expect(replicaLag({ ...probe, sinceReplay: 3600 }, 10, '0/3000148')).toBe(0);
    expect(replicaLag({ ...probe, sinceReplay: 2.5 }, 0, '0/3000148')).toBe(0);
  });

  it('treats a replica with no replayed transaction by its WAL position alone', () => {
    expect(replicaLag({ ...probe, sinceReplay: null }, 10)).toBeNull();
    expect(replicaLag({ ...probe, sinceReplay: null }, 10, '0/3000148')).toBe(0);
    expect(replicaLag({ ...probe, sinceReplay: null, replayLsn: null }, 10, '0/3000148')).toBeNull();
  });

  it('never reads from a server that is not in recovery (promoted, or a wrong URL)', () => {
    expect(replicaLag({ ...probe, inRecovery: false, sinceReplay: null, replayLsn: null }, 10, '0/1')).toBeNull();
    expect(replicaLag({ ...probe, inRecovery: false }, 10)).toBeNull();
  });
});
