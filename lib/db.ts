import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from '@/generated/kysely/types';
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

const globalForDb = globalThis as unknown as {
  prisma?: PrismaClient;
  pgPool?: pg.Pool;
  sql?: Kysely<DB>;
  preparedOn?: WeakMap<pg.ClientBase, Set<string>>;
};

/**
 * The one PostgreSQL pool of this process (at most DB_POOL_SIZE connections), created on first
 * use and kept across hot reloads. Prisma (getDb), typed SQL (getSql) and transactions
 * (withTransaction) all draw from it, so the connection budget of an instance is DB_POOL_SIZE.
 */
export function getPgPool(): pg.Pool {
  if (!globalForDb.pgPool) {
    const pool = new pg.Pool({
      connectionString: getEnv().DATABASE_URL,
      max: getEnv().DB_POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // No startup parameters beyond pg's own (user, database, client_encoding): PgBouncer refuses
      // any other (statement_timeout, options) unless its ignore_startup_parameters lists it.
    });
    // Behind a transaction pooler a named statement pg parsed on one server connection is missing
    // on the next transaction's: every query is sent unnamed (planned each time, as any ad hoc query).
    if (behindTransactionPooler()) pool.on('connect', (client) => sendUnnamed(client));
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on('error', (error) => log.warn('idle PostgreSQL connection lost', { error }));
    globalForDb.pgPool = pool;
  }
  return globalForDb.pgPool;
}

/**
 * Whether DATABASE_URL is a transaction-mode pooler (DATABASE_POOLER=transaction): consecutive
 * transactions of one pooled connection may run on different server connections, so nothing that
 * lives on a server connection (prepared statements, session settings, session advisory locks,
 * LISTEN) may outlast a transaction. Read by the statement code here; the rest of the app never
 * keeps such state (docs/decisions.md, issue 29).
 */
export function behindTransactionPooler(): boolean {
  return getEnv().DATABASE_POOLER === 'transaction';
}

/** A query config as pg takes it: a plain object with text (a Submittable such as COPY has `submit`). */
function isPlainConfig(config: unknown): config is { name?: string; text: string } {
  return typeof config === 'object' && config !== null && 'text' in config && typeof (config as { submit?: unknown }).submit !== 'function';
}

/**
 * Makes `client` drop the `name` of every query config (pg's protocol-level prepared statements:
 * the app's hot reads name theirs, Prisma names none): the query runs as pg's unnamed statement,
 * which lives only until the next Parse, never across transactions.
 */
function sendUnnamed(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, ...rest: unknown[]) =>
    query(isPlainConfig(config) && config.name ? { ...config, name: undefined } : config, ...rest)) as typeof client.query;
}

function createClient(): PrismaClient {
  const adapter = new PrismaPg(getPgPool());
  // PrismaPg recognises a pool with instanceof: a second copy of pg (a bundler, a nested install)
  // would make it open a pool of its own behind our back. Fail loudly instead.
  if (!(adapter as unknown as { externalPool: pg.Pool | null }).externalPool)
    throw new Error('Prisma did not take the shared pg pool (two copies of the pg package?)');
  // An interactive transaction waits for a connection of the shared pool as long as any other query
  // does (Prisma's own default is 2 s, which a busy pool shared with withTransaction can exceed).
  return new PrismaClient({ adapter, log: [{ emit: 'event', level: 'error' }], transactionOptions: { maxWait: CONNECT_TIMEOUT_MS } });
}

/** The one Prisma client of this process, created on first use (one per process even under hot reload). */
export function getDb(): PrismaClient {
  globalForDb.prisma ??= createClient();
  return globalForDb.prisma;
}

export type Db = PrismaClient;
/** A Prisma interactive transaction (getDb().$transaction(async (tx) => ...)). */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Typed SQL: a Kysely query builder over the shared pool, its types generated from prisma/schema.prisma (generated/kysely). */
export function getSql(): Kysely<DB> {
  globalForDb.sql ??= new Kysely<DB>({ dialect: new PostgresDialect({ pool: getPgPool() }) });
  return globalForDb.sql;
}

/**
 * `value` as an SQL string literal, as pg's escapeLiteral writes it (quotes doubled; with a
 * backslash, backslashes doubled and an E'' literal), for SQL sent with the simple protocol. pg's
 * copies the text one character at a time (about 0.1 ms for the 4 KB of a submit's stats write);
 * this does it with two replaces.
 */
export function sqlLiteral(value: string): string {
  const backslash = value.includes('\\');
  const quoted = `'${(backslash ? value.replaceAll('\\', '\\\\') : value).replaceAll("'", "''")}'`;
  return backslash ? ` E${quoted}` : quoted;
}

/** A connection checked out of the pool, inside a transaction of withTransaction. */
export type TxClient = pg.PoolClient;

const boundSql = new WeakMap<pg.ClientBase, Kysely<DB>>();

/**
 * Typed SQL on one checked-out connection (the transaction of withTransaction, or any connection
 * its caller holds): the queries run on it, in order, inside its transaction. Kysely asks its pool
 * for a connection per query; this pool always hands over the same one and never releases it
 * (withTransaction, or the caller, does).
 */
export function typed(client: pg.ClientBase): Kysely<DB> {
  let sql = boundSql.get(client);
  if (!sql) {
    const connection = { query: client.query.bind(client), release: () => undefined };
    const pool = { connect: async () => connection, end: async () => undefined };
    sql = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
    boundSql.set(client, sql);
  }
  return sql;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

/**
 * A statement that refuses a request by failing (an access check), for withTransaction's `guard`:
 * `refused` tells its refusals from other errors; `prepared`, statements it EXECUTEs.
 */
export type Guard = { sql: string; refused: (error: unknown) => boolean; prepared?: Record<string, string> };

/** Statements sent with COMMIT (withTransaction's `closing`), and what the transaction returns from their results. */
export type Closing<T> = { sql: string; read: (results: pg.QueryResult[]) => T };

/**
 * One statement of a `prepared` map (name → statement with $n parameters) run with `args` (SQL
 * literals made safe by the caller), as text for withTransaction's opening, guard or closing, or a
 * query inside it: `EXECUTE name(args)` of the statement withTransaction PREPAREs on the
 * connection; behind a transaction pooler (no PREPARE survives the transaction there), the
 * statement itself with each $n replaced by its literal, so it is planned on every call instead.
 * The statements cast their parameters ($1::uuid), so a literal takes the same type a parameter did.
 */
export function executeSql<S extends Record<string, string>>(statements: S, name: keyof S & string, args: string[]): string {
  if (!behindTransactionPooler()) return `EXECUTE ${name}(${args.join(', ')})`;
  const statement = statements[name];
  if (statement === undefined) throw new Error(`no prepared statement ${name}`);
  return statement.replace(/\$(\d+)/g, (_, n: string) => {
    const arg = args[Number(n) - 1];
    if (arg === undefined) throw new Error(`${name} has no argument $${n}`);
    return `(${arg})`;
  });
}

/**
 * The SQL PREPARE statements `client` still lacks among `statements` (name → statement with $n
 * parameters), as text to send after BEGIN, and marks them as held. A prepared statement outlives
 * the transaction (PREPARE is not undone by ROLLBACK) and lives as long as the connection, so it is
 * planned once per connection; the opening runs it with `EXECUTE name(literals)` (executeSql). Names
 * must not be those pg gives its own named queries (the two share one namespace): use a `tx_`
 * prefix. None behind a transaction pooler, where executeSql sends the statements themselves.
 */
function prepareText(client: pg.ClientBase, statements: Record<string, string>): string[] {
  if (behindTransactionPooler()) return [];
  // Which statements each connection holds, kept beside the pool: the production build bundles this
  // module into several chunks, all of them sharing the one pool (and its connections).
  const preparedOn = (globalForDb.preparedOn ??= new WeakMap());
  let held = preparedOn.get(client);
  if (!held) preparedOn.set(client, (held = new Set()));
  const text: string[] = [];
  for (const [name, statement] of Object.entries(statements)) {
    if (held.has(name)) continue;
    if (!/^tx_\w+$/.test(name)) throw new Error(`prepared statement name ${name} must match tx_\\w+`);
    text.push(`PREPARE ${name} AS ${statement}`);
    held.add(name);
  }
  return text;
}

/**
 * Runs fn in one PostgreSQL transaction on a pooled connection: BEGIN (with the isolation level
 * asked for), COMMIT when fn resolves, ROLLBACK when it throws (the error is rethrown unchanged),
 * and the connection goes back to the pool either way. The one place that writes BEGIN and COMMIT.
 * A connection whose ROLLBACK failed is destroyed rather than returned, so a broken session is
 * never reused. `readOnly` makes the transaction READ ONLY (a consistent read, as an export's);
 * `pool` is for scripts and tests that hold a pool of their own (benchmarks).
 *
 * Round trips on a hot path: `opening` (simple protocol, no parameters; literals made safe by the
 * caller) is sent in the same round trip as BEGIN and its statements' results are fn's second
 * argument. `prepared` (name → statement) are PREPAREd once per connection, in that same round trip
 * (after BEGIN) when the connection lacks them, for the opening to EXECUTE (planned once, not on
 * every call as a simple-protocol statement is; executeSql writes the EXECUTE, and behind a
 * transaction pooler the statement itself, with nothing PREPAREd). `closing` may give, from fn's result, statements
 * (simple protocol, as `opening`) sent in COMMIT's round trip; its `read` turns their results into
 * what withTransaction returns. `guard` goes first after BEGIN and the PREPAREs (in the opening's
 * round trip when there is one): when it refuses, nothing behind it ran, fn is not called, and its
 * error is thrown. `committed` says, from fn's result, that fn's last round trip ended with COMMIT
 * (a hot path's last statements and COMMIT in one round trip): then nothing more is sent.
 */
export async function withTransaction<T>(
  fn: (client: TxClient, opened: pg.QueryResult[]) => Promise<T>,
  options: {
    isolation?: Isolation;
    readOnly?: boolean;
    pool?: pg.Pool;
    opening?: string;
    prepared?: Record<string, string>;
    closing?: (result: T) => Closing<T> | null;
    committed?: (result: T) => boolean;
    guard?: Guard;
  } = {},
): Promise<T> {
  const client = await (options.pool ?? getPgPool()).connect();
  let broken: Error | undefined;
  try {
    const isolation = options.isolation ? ` ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '';
    const begin = `BEGIN${isolation}${options.readOnly ? ' READ ONLY' : ''}`;
    let opened: pg.QueryResult[] = [];
    const { guard } = options;
    if (options.opening || guard) {
      const prepare = prepareText(client, { ...guard?.prepared, ...(options.opening ? options.prepared : {}) });
      const sql = [begin, ...prepare, ...(guard ? [guard.sql] : []), ...(options.opening ? [options.opening] : [])].join(';\n');
      const results = (await client.query(sql).catch((error: Error) => {
        // A refusing guard stopped the round trip after the PREPAREs (they ran); any other failure
        // leaves unknown which of them ran: the connection is not reused.
        if (prepare.length > 0 && !guard?.refused(error)) broken = error;
        throw error;
      })) as unknown as pg.QueryResult[] | pg.QueryResult;
      // BEGIN, each PREPARE and the guard answer one result each; the opening's statements follow.
      opened = (Array.isArray(results) ? results : [results]).slice(1 + prepare.length + (guard ? 1 : 0));
    } else {
      await client.query(begin);
    }
    const result = await fn(client, opened);
    if (options.committed?.(result)) return result;
    const closing = options.closing?.(result);
    if (!closing) {
      await client.query('COMMIT');
      return result;
    }
    // A failing statement skips the COMMIT behind it (the transaction is aborted): ROLLBACK below.
    const results = (await client.query(`${closing.sql};\nCOMMIT`)) as unknown as pg.QueryResult[];
    return closing.read(results.slice(0, -1));
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

// ---- Read replicas (issue 29) ----
// Read-only work that may lag the primary by a few seconds (dashboard figures, item lists, critique
// analysis, export rows, snapshot downloads) reads through getReadPool() and its siblings; with
// DATABASE_READ_URL unset they return the primary's pool and client, exactly as before. Writes, and
// reads that must see the caller's own write, keep using getPgPool()/getDb()/withTransaction.

/** How long a replica's measured lag is trusted before it is measured again (per process). */
const LAG_CHECK_MS = 1_000;
/** A lag probe slower than this counts as a replica out of service until the next check. */
const LAG_PROBE_TIMEOUT_MS = 2_000;

type Replica = { url: string; pool: pg.Pool; db?: PrismaClient; sql?: Kysely<DB> };
/** What one lag check found: per replica, its lag in seconds (null: unusable), and when. */
type LagCheck = { at: number; lags: (number | null)[] };

const globalForReads = globalThis as unknown as {
  readConfig?: { urls: string[]; maxLagSeconds: number };
  replicas?: Replica[];
  lagCheck?: LagCheck;
  lagChecking?: Promise<LagCheck>;
  nextReplica?: number;
};

/** A replica's position as it reports it (the lag probe's row). */
export type ReplicaProbe = {
  inRecovery: boolean;
  /** Seconds since the last replayed transaction committed on the primary (null: none replayed yet). */
  sinceReplay: number | null;
  replayLsn: string | null;
};

/** A pg_lsn ('16/B374D848') as one number, for comparison. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * The lag rule: a replica's lag in seconds, or null when it must not serve reads. A server not in
 * recovery (promoted, or a wrong URL) serves none. The lag is the age of the last replayed commit,
 * except that a replica that has replayed all the primary has written (`primaryLsn`, asked only when
 * the age alone is over the maximum or unknown: an idle primary writes nothing to replay) is 0 s
 * behind. Usable when the lag is at most `maxLagSeconds`.
 */
export function replicaLag(probe: ReplicaProbe, maxLagSeconds: number, primaryLsn?: string): number | null {
  if (!probe.inRecovery) return null;
  if (probe.sinceReplay !== null && probe.sinceReplay <= maxLagSeconds) return Math.max(0, probe.sinceReplay);
  if (primaryLsn !== undefined && probe.replayLsn !== null && lsnValue(probe.replayLsn) >= lsnValue(primaryLsn)) return 0;
  return null;
}

/**
 * Replaces the replicas read from (scripts and tests that compare with and without a replica in one
 * process): `null` goes back to DATABASE_READ_URL and DATABASE_READ_MAX_LAG_SECONDS. Ends the old
 * replica pools.
 */
export async function configureReadReplicas(config: { urls: string[]; maxLagSeconds: number } | null): Promise<void> {
  const old = globalForReads.replicas ?? [];
  globalForReads.readConfig = config ?? undefined;
  globalForReads.replicas = undefined;
  globalForReads.lagCheck = undefined;
  globalForReads.lagChecking = undefined;
  await Promise.all(old.map((r) => r.pool.end().catch(() => undefined)));
}

function readConfig(): { urls: string[]; maxLagSeconds: number } {
  globalForReads.readConfig ??= { urls: getEnv().DATABASE_READ_URL, maxLagSeconds: getEnv().DATABASE_READ_MAX_LAG_SECONDS };
  return globalForReads.readConfig;
}

/**
 * One pool per replica, with the primary pool's settings (size, connect timeout), created on first
 * use. DATABASE_POOLER applies to the replica URLs too (a replica behind its own PgBouncer): no
 * named statement then outlives its query.
 */
function replicas(): Replica[] {
  globalForReads.replicas ??= readConfig().urls.map((url) => {
    const pool = new pg.Pool({ connectionString: url, max: getEnv().DB_POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    if (behindTransactionPooler()) pool.on('connect', (client) => sendUnnamed(client));
    pool.on('error', (error) => log.warn('idle PostgreSQL replica connection lost', { error }));
    return { url, pool };
  });
  return globalForReads.replicas;
}

const PROBE = `SELECT pg_is_in_recovery() AS "inRecovery",
  extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS "sinceReplay",
  pg_last_wal_replay_lsn()::text AS "replayLsn"`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkLags(): Promise<LagCheck> {
  const { maxLagSeconds } = readConfig();
  let primaryLsn: Promise<string> | undefined;
  const askPrimary = () =>
    (primaryLsn ??= getPgPool()
      .query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      .then((r) => r.rows[0]!.lsn));
  const lags = await Promise.all(
    replicas().map(async (replica) => {
      try {
        const probe = (await withTimeout(replica.pool.query<ReplicaProbe>(PROBE), LAG_PROBE_TIMEOUT_MS)).rows[0]!;
        const lag = replicaLag(probe, maxLagSeconds);
        return lag !== null || !probe.inRecovery ? lag : replicaLag(probe, maxLagSeconds, await askPrimary());
      } catch (error) {
        log.warn('PostgreSQL replica unavailable: reading from the primary', { replica: new URL(replica.url).host, error });
        return null;
      }
    }),
  );
  return { at: Date.now(), lags };
}

/** The replicas' lags, measured at most once per LAG_CHECK_MS per process (concurrent callers share one check). */
async function currentLags(): Promise<LagCheck> {
  const check = globalForReads.lagCheck;
  if (check && Date.now() - check.at < LAG_CHECK_MS) return check;
  globalForReads.lagChecking ??= checkLags().finally(() => {
    globalForReads.lagChecking = undefined;
  });
  const fresh = await globalForReads.lagChecking;
  globalForReads.lagCheck = fresh;
  return fresh;
}

/** Where read-only work goes now: a replica within the allowed lag (taken in turn), else the primary. */
export type ReadTarget = { pool: pg.Pool; replica: Replica | null; lagSeconds: number | null };

async function readTarget(): Promise<ReadTarget> {
  const all = replicas();
  if (all.length === 0) return { pool: getPgPool(), replica: null, lagSeconds: null };
  const { lags } = await currentLags();
  const usable = all.flatMap((replica, i) => (lags[i] === null || lags[i] === undefined ? [] : [{ replica, lag: lags[i] }]));
  if (usable.length === 0) return { pool: getPgPool(), replica: null, lagSeconds: null };
  const turn = (globalForReads.nextReplica = ((globalForReads.nextReplica ?? -1) + 1) % usable.length);
  const { replica, lag } = usable[turn]!;
  return { pool: replica.pool, replica, lagSeconds: lag };
}

/** The pool read-only work uses now: a replica within DATABASE_READ_MAX_LAG_SECONDS, else the primary's (getPgPool()). */
export async function getReadPool(): Promise<pg.Pool> {
  return (await readTarget()).pool;
}

/** Prisma over getReadPool() (the primary's client, getDb(), when reading from the primary). */
export async function getReadDb(): Promise<PrismaClient> {
  const { replica } = await readTarget();
  if (!replica) return getDb();
  replica.db ??= new PrismaClient({ adapter: new PrismaPg(replica.pool), log: [{ emit: 'event', level: 'error' }] });
  return replica.db;
}

/** Typed SQL over getReadPool() (getSql() when reading from the primary). */
export async function getReadSql(): Promise<Kysely<DB>> {
  const { replica } = await readTarget();
  if (!replica) return getSql();
  replica.sql ??= new Kysely<DB>({ dialect: new PostgresDialect({ pool: replica.pool }) });
  return replica.sql;
}

/** withTransaction on getReadPool(), READ ONLY: several reads from one snapshot of a replica (or of the primary). */
export async function withReadTransaction<T>(fn: (client: TxClient) => Promise<T>, options: { isolation?: Isolation } = {}): Promise<T> {
  return withTransaction(fn, { ...options, readOnly: true, pool: await getReadPool() });
}

/**
 * How old the figures read now are: `replicaLagSeconds` is the largest lag of the replicas in use
 * (null when reads go to the primary: the figures are current). For the dashboard's "as of" line.
 */
export async function getReadFreshness(): Promise<{ replicaLagSeconds: number | null }> {
  if (replicas().length === 0) return { replicaLagSeconds: null };
  const usable = (await currentLags()).lags.filter((lag): lag is number => lag !== null);
  return { replicaLagSeconds: usable.length > 0 ? Math.max(...usable) : null };
}

/**
 * A read pool that has replayed everything the primary had committed when this was called: the
 * replicas within the allowed lag are asked (every 50 ms, up to DATABASE_READ_MAX_LAG_SECONDS) until
 * one has; else the primary's pool. One round trip to the primary (its WAL position): for long reads
 * that must include what was committed before they began (an export snapshot's rows), not for hot paths.
 */
export async function getCaughtUpReadPool(): Promise<pg.Pool> {
  const all = replicas();
  if (all.length === 0) return getPgPool();
  const { lags } = await currentLags();
  const usable = all.filter((_, i) => lags[i] !== null && lags[i] !== undefined);
  if (usable.length === 0) return getPgPool();
  const { rows } = await getPgPool().query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  const deadline = Date.now() + readConfig().maxLagSeconds * 1000;
  for (;;) {
    for (const replica of usable) {
      const caught = await replica.pool
        .query<{ caught: boolean }>('SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught', [rows[0]!.lsn])
        .then((r) => r.rows[0]!.caught)
        .catch(() => false);
      if (caught) return replica.pool;
    }
    if (Date.now() >= deadline) return getPgPool();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
