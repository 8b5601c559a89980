/**
 * Sign-in cost: authenticate() (advisory locks + two counts + insert + argon2id) against its two
 * floors, argon2id verify alone and the same SQL sent through raw pg, with login_attempts
 * prefilled so the counts run on a realistically large table.
 *   --attempts N   attempts per measurement (default 60)
 *   --prefill N    rows of other accounts' attempts in login_attempts (default 200000)
 *   --json
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { withTransaction } from '../../lib/db';
import { measure, printTable, scratchDatabase } from './harness';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      attempts: { type: 'string', default: '60' },
      prefill: { type: 'string', default: '200000' },
    },
  });
  const attempts = Number(values.attempts);
  const prefill = Number(values.prefill);
  const db = await scratchDatabase('sign_in');
  process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = '1000000';
  process.env.LOGIN_MAX_FAILURES_PER_IP = '1000000';

  const { getDb } = await import('../../lib/db');
  const { createUser } = await import('../../lib/users/create-user');
  const { authenticate } = await import('../../lib/auth/authenticate');
  const { hashPassword, verifyPassword } = await import('../../lib/auth/password');

  const raw = new pg.Pool({ connectionString: db.databaseUrl, max: 4 });
  try {
    await raw.query(
      `INSERT INTO login_attempts (email, ip, outcome, "createdAt")
       SELECT 'other' || (g % 5000) || '@bench.test', '10.0.' || (g % 250) || '.' || (g % 200), 'FAILURE', now() - (g % 1800) * interval '1 second'
       FROM generate_series(1, $1::int) g`,
      [prefill],
    );
    await raw.query('ANALYZE login_attempts');
    const password = 'bench-password-123';
    const emails: string[] = [];
    for (let i = 0; i < 4; i++) {
      const email = `bench${i}@bench.test`;
      await createUser({ actorId: null, input: { email, name: `Bench ${i}`, role: 'LABELER', password } });
      emails.push(email);
    }
    const hash = await hashPassword(password);

    const app1 = await measure(attempts, 1, (i) => authenticate({ email: emails[0] ?? '', password, ip: `192.0.2.${i % 200}` }));
    const app4 = await measure(attempts, 4, (i) => authenticate({ email: emails[i % 4] ?? '', password, ip: `192.0.2.${i % 200}` }));
    const argon1 = await measure(attempts, 1, () => verifyPassword(hash, password));
    const argon4 = await measure(attempts, 4, () => verifyPassword(hash, password));
    const sql1 = await measure(attempts, 1, (i) => rateLimitSql(raw, emails[0] ?? '', `192.0.2.${i % 200}`));

    const result = {
      benchmark: 'sign-in',
      machine: { cpus: (await import('node:os')).cpus().length },
      loginAttemptsRows: prefill + attempts * 3,
      authenticate: { serial: app1, concurrent4: app4 },
      baseline: { argon2idVerify: { serial: argon1, concurrent4: argon4 }, rateLimitSqlRawPg: { serial: sql1 } },
      overheadOverArgon2P50Ms: Math.round((app1.p50Ms - argon1.p50Ms) * 100) / 100,
    };
    if (values.json) {
      console.log(JSON.stringify(result));
    } else {
      printTable(`sign-in: ${attempts} attempts each, login_attempts holding ${prefill.toLocaleString('en')} other rows`, [
        { name: 'authenticate(), 1 at a time', figure: app1, baseline: `argon2id alone p50 ${argon1.p50Ms} ms` },
        { name: 'authenticate(), 4 accounts in parallel', figure: app4, baseline: `argon2id alone ${argon4.opsPerSec} ops/s` },
        { name: 'baseline: argon2id verify, 1 at a time', figure: argon1 },
        { name: 'baseline: argon2id verify, 4 in parallel', figure: argon4 },
        { name: 'baseline: rate-limit SQL via raw pg', figure: sql1 },
      ]);
      console.log(`\nbookkeeping over argon2id at p50: ${result.overheadOverArgon2P50Ms} ms`);
    }
  } finally {
    await raw.end();
    await getDb().$disconnect();
    await db.close();
  }
}

/** The statements authenticate() sends, without Prisma: locks, two counts, one insert. */
async function rateLimitSql(pool: pg.Pool, email: string, ip: string): Promise<void> {
  await withTransaction(
    async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(1, hashtext($1))', [email]);
      await client.query('SELECT pg_advisory_xact_lock(2, hashtext($1))', [ip]);
      await client.query(
        `SELECT count(*) FROM login_attempts WHERE email = $1 AND outcome = 'FAILURE' AND "createdAt" >= now() - interval '15 minutes'`,
        [email],
      );
      await client.query(
        `SELECT count(*) FROM login_attempts WHERE ip = $1 AND outcome = 'FAILURE' AND "createdAt" >= now() - interval '15 minutes'`,
        [ip],
      );
      await client.query(`SELECT id, "passwordHash" FROM users WHERE email = $1`, [email]);
      await client.query(`INSERT INTO login_attempts (email, ip, outcome) VALUES ($1, $2, 'SUCCESS')`, [email, ip]);
    },
    { pool },
  );
}
