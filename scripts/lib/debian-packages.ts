import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The real servers the tests start besides PostgreSQL 18 (issue 29), by the binary that proves each
 * is there: PgBouncer (the pooler tests and the reliability run) and PostgreSQL 15 (a primary and a
 * streaming replica made with pg_basebackup, tests/helpers/replica-pair.ts).
 */
const PACKAGES = [
  { name: 'pgbouncer', binaries: ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'] },
  { name: 'postgresql-15', binaries: [`${process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin'}/pg_basebackup`] },
] as const;

/**
 * Installs the missing ones with apt-get when running as root on Debian/Ubuntu (as Chromium is for
 * the browser tests), so `npm test` needs nothing set up by hand; elsewhere it says what to install
 * and the tests that need them fail naming it.
 */
export function ensureDebianPackages(log: (line: string) => void): void {
  const missing = PACKAGES.filter((p) => !p.binaries.some((b) => fs.existsSync(b))).map((p) => p.name);
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    log(`installing Debian packages the tests start: ${missing.join(', ')}…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    return;
  }
  log(`missing ${missing.join(', ')}: the tests that start them will fail (Debian: apt-get install ${missing.join(' ')})`);
}
