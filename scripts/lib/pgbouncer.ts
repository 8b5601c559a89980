/**
 * A real PgBouncer in transaction mode in front of a PostgreSQL server, for the tests, the
 * reliability suite (--pooler) and the pooler benchmark: writes a pgbouncer.ini and an auth file in
 * a temporary folder, starts Debian's `pgbouncer` (1.18; .ci/run installs it) as a child process on
 * a free port of 127.0.0.1, waits until a query passes through it, and stops it.
 *
 * Settings as a deployment needs them (README "Scaling past one machine"): pool_mode = transaction;
 * clients authenticate with SCRAM against the auth file, which holds the server password in plain
 * text so PgBouncer can log in to the server with SCRAM too; no max_prepared_statements (1.21+
 * only; the app keeps no prepared statement across transactions behind a pooler, lib/db.ts).
 * PgBouncer refuses to run as root: when we are root it runs as the unprivileged user the embedded
 * PostgreSQL uses.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureServiceUser, findFreePort } from './embedded-postgres';

export type PgBouncer = {
  port: number;
  /** `serverUrl` with its host and port replaced by the pooler's: the same user, password and database. */
  url: string;
  /** The same URL for another database of the server. */
  urlFor(database: string): string;
  pid: number | undefined;
  /** PgBouncer's own console (SHOW POOLS, SHOW SERVERS), as the server URL's user. */
  adminUrl: string;
  /** Immediate shutdown (SIGTERM: client connections are closed); SIGKILL after 5 s. */
  stop(): Promise<void>;
};

export type PgBouncerOptions = {
  /** Any URL of the server behind the pooler (host, port, user, password, database). */
  serverUrl: string;
  /** Server connections per (database, user): default_pool_size. */
  poolSize?: number;
  /**
   * server_round_robin: hand out idle server connections in turn instead of the most recently used
   * first, so consecutive transactions of one client land on different server connections (tests).
   */
  roundRobin?: boolean;
  /** Client connections the pooler accepts: max_client_conn. */
  maxClientConnections?: number;
  port?: number;
  log?: (line: string) => void;
};

/** The pgbouncer binary: on PATH, or where Debian's package puts it. */
export function findPgBouncer(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, 'pgbouncer');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A value inside double quotes of the auth file (quotes doubled). */
const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const binary = findPgBouncer();
  if (!binary) throw new Error('pgbouncer is not installed (Debian: apt-get install pgbouncer; .ci/run installs it)');
  const server = new URL(options.serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const port = options.port ?? (await findFreePort());
  const ids = process.getuid?.() === 0 ? ensureServiceUser() : null;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-pgbouncer-'));
  fs.chmodSync(dir, 0o755);
  const authFile = path.join(dir, 'userlist.txt');
  fs.writeFileSync(authFile, `${quoted(user)} ${quoted(password)}\n`, { mode: 0o600 });
  const ini = path.join(dir, 'pgbouncer.ini');
  fs.writeFileSync(
    ini,
    [
      '[databases]',
      // Every database of the server, by the name the client asks for.
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${authFile}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 20}`,
      `max_client_conn = ${options.maxClientConnections ?? 1000}`,
      `server_round_robin = ${options.roundRobin ? 1 : 0}`,
      // pg sends no startup parameter PgBouncer does not know; JDBC-style clients send this one.
      'ignore_startup_parameters = extra_float_digits',
      // After a server restart, log in again at once (the default waits 15 s after a failed login).
      'server_login_retry = 1',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  if (ids) for (const file of [authFile, ini]) fs.chownSync(file, ids.uid, ids.gid);

  let output = '';
  const child: ChildProcess = spawn(binary, [ini], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: '/',
    ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const done = () => child.exitCode !== null || child.signalCode !== null;

  const pooled = new URL(options.serverUrl);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  const urlFor = (database: string) => {
    const u = new URL(pooled);
    u.pathname = `/${encodeURIComponent(database)}`;
    return u.toString();
  };
  const stop = async () => {
    if (!done()) child.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready when a query passes through it to the server.
  for (let attempt = 0; ; attempt++) {
    if (done()) {
      await stop();
      throw new Error(`pgbouncer exited during start:\n${output}`);
    }
    const client = new pg.Client({ connectionString: pooled.toString(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt >= 100) {
        await stop();
        throw new Error(`pgbouncer did not pass a query through in time: ${String(error)}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  options.log?.(
    `PgBouncer ${pgBouncerVersion(binary)} (transaction mode) on 127.0.0.1:${port} in front of ${server.hostname}:${server.port}`,
  );
  return { port, url: pooled.toString(), urlFor, pid: child.pid, adminUrl: urlFor('pgbouncer'), stop };
}

function pgBouncerVersion(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .split('\n')[0]!
      .replace(/^PgBouncer\s*/, '');
  } catch {
    return '';
  }
}
