/**
 * A PostgreSQL primary and a streaming replica made with pg_basebackup (issue 29), from Debian's
 * PostgreSQL 15 (/usr/lib/postgresql/15/bin; .ci/run installs postgresql-15). The embedded server
 * (18.x) ships no pg_basebackup, and a v15 pg_basebackup cannot copy a v18 server; the migrations
 * and the app's SQL run on 15 (the integration files here prove it), so the pair is all v15.
 *
 * As root, the servers run as the embedded server's unprivileged user (preflab-pg), their folders
 * under a 0755 temporary folder it can reach. Trust authentication on 127.0.0.1 only.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { JOB_SCHEMA } from '../../lib/jobs/job-schema';
import { findFreePort } from '../../scripts/lib/embedded-postgres';
import { deployMigrations } from '../../scripts/lib/migrations';

const BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';
const SERVICE_USER = 'preflab-pg';

export type ReplicaPair = {
  /** URL of the migrated application database on the primary (superuser). */
  primaryUrl: string;
  /** The same database on the replica (read-only: a hot standby). */
  replicaUrl: string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  waitForReplay(): Promise<void>;
  /** pg_wal_replay_pause / pg_wal_replay_resume on the replica. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** The postmasters' process ids (CPU accounting in the benchmark). */
  primaryPid: number;
  replicaPid: number;
  /** Fast shutdown of both servers; removes their folders. */
  stop(): Promise<void>;
};

type Ids = { uid: number; gid: number } | null;

function serviceIds(): Ids {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) =>
    Number(
      execFileSync('id', [flag, SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    );
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], {
      stdio: 'ignore',
    });
    return { uid: id('-u'), gid: id('-g') };
  }
}

const asService = (ids: Ids) => ({ ...(ids ? { uid: ids.uid, gid: ids.gid } : {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });

function startServer(dataDir: string, port: number, ids: Ids): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(
    path.join(BIN, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'hot_standby_feedback=on',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/', ...asService(ids) },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, detail: () => string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms / 1000} s\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Starts a migrated v15 primary (database `preflab`, with the job queue's schema) and a replica streaming from it. */
export async function startReplicaPair(): Promise<ReplicaPair> {
  if (!fs.existsSync(path.join(BIN, 'pg_basebackup'))) {
    throw new Error(`No PostgreSQL 15 in ${BIN}: apt-get install postgresql-15 (.ci/run does), or set PG15_BIN`);
  }
  const ids = serviceIds();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-replica-pair-'));
  fs.chmodSync(root, 0o755);
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  for (const dir of [primaryDir, replicaDir]) {
    fs.mkdirSync(dir, { mode: 0o700 });
    if (ids) fs.chownSync(dir, ids.uid, ids.gid);
  }
  const [primaryPort, replicaPort] = [await findFreePort(), await findFreePort()];
  execFileSync(path.join(BIN, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'], {
    stdio: 'ignore',
    ...asService(ids),
  });
  const servers: ChildProcess[] = [];
  const stopAll = async () => {
    // Replica first: a primary in fast shutdown waits for its WAL senders.
    for (const child of servers.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const primary = startServer(primaryDir, primaryPort, ids);
    servers.push(primary.child);
    const adminUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`;
    await until('the primary accepting connections', () => query(adminUrl, 'SELECT 1').then(() => true), primary.output);
    await query(adminUrl, 'CREATE DATABASE preflab');
    const primaryUrl = adminUrl.replace(/\/postgres$/, '/preflab');
    await deployMigrations({ databaseUrl: primaryUrl });
    const boss = new PgBoss({ connectionString: primaryUrl, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.stop({ graceful: false, close: true });

    // -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile.
    execFileSync(
      path.join(BIN, 'pg_basebackup'),
      ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast'],
      { stdio: 'ignore', ...asService(ids) },
    );
    const replica = startServer(replicaDir, replicaPort, ids);
    servers.push(replica.child);
    const replicaAdmin = `postgresql://postgres@127.0.0.1:${replicaPort}/postgres`;
    await until(
      'the replica streaming from the primary',
      async () => {
        const [standby] = await query<{ recovery: boolean }>(replicaAdmin, 'SELECT pg_is_in_recovery() AS recovery');
        const senders = await query<{ state: string }>(adminUrl, 'SELECT state FROM pg_stat_replication');
        return standby?.recovery && senders.some((s) => s.state === 'streaming') ? true : undefined;
      },
      () => `${primary.output()}\n${replica.output()}`,
    );
    const replicaUrl = replicaAdmin.replace(/\/postgres$/, '/preflab');
    return {
      primaryUrl,
      replicaUrl,
      primaryPid: primary.child.pid!,
      replicaPid: replica.child.pid!,
      async waitForReplay() {
        const [{ lsn }] = (await query<{ lsn: string }>(adminUrl, 'SELECT pg_current_wal_lsn()::text AS lsn')) as [{ lsn: string }];
        await until(
          `the replica replaying up to ${lsn}`,
          async () => {
            const [row] = await query<{ caught: boolean }>(replicaAdmin, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS caught`);
            return row?.caught ? true : undefined;
          },
          replica.output,
        );
      },
      pauseReplay: async () => void (await query(replicaAdmin, 'SELECT pg_wal_replay_pause()')),
      resumeReplay: async () => void (await query(replicaAdmin, 'SELECT pg_wal_replay_resume()')),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
