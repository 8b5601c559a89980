import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, findFreePort, startEmbeddedPostgres } from '../lib/embedded-postgres';
import { deployMigrations } from '../lib/migrations';

/**
 * A migrated scratch database: BENCH_DATABASE_ADMIN_URL's server, or an embedded one in a temp
 * folder. The app code a benchmark imports afterwards (lib/env) is pointed at it.
 */
export async function scratchDatabase(name: string): Promise<{ databaseUrl: string; close(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_ADMIN_URL;
  let close = async () => undefined as void;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-bench-'));
    fs.chmodSync(tmp, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data'), port: await findFreePort() });
    adminUrl = server.adminUrl;
    close = async () => {
      await server.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    };
  }
  const database = `preflab_bench_${name.replace(/\W/g, '_')}_${process.pid}`;
  await ensureDatabase(adminUrl, database);
  const databaseUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
  await deployMigrations({ databaseUrl });
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0000'; // lib/env requires one; benchmarks sign no sessions
  return { databaseUrl, close };
}

export type Figure = { p50Ms: number; p95Ms: number; opsPerSec: number };

/** Runs `fn` `count` times with `concurrency` in flight; latency percentiles and throughput. */
export async function measure(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<Figure> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const { p50Ms, p95Ms } = percentiles(latencies);
  return { p50Ms, p95Ms, opsPerSec: round((count / elapsed) * 1000) };
}

/** Count and p50/p95/p99 of latencies in milliseconds. */
export function percentiles(latencies: number[]): { count: number; p50Ms: number; p95Ms: number; p99Ms: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

export const round = (n: number) => Math.round(n * 100) / 100;

export function printTable(title: string, rows: { name: string; figure: Figure; baseline?: string }[]): void {
  console.log(`\n${title}\n`);
  console.log(`${'measurement'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'ops/s'.padStart(9)}  baseline`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(46)} ${String(r.figure.p50Ms).padStart(8)} ${String(r.figure.p95Ms).padStart(8)} ${String(r.figure.opsPerSec).padStart(9)}  ${r.baseline ?? ''}`,
    );
  }
}

/**
 * Every process of this machine with its CPU seconds from /proc: its own (utime + stime) and its
 * reaped children's (cutime + cstime: a postmaster's backends of closed connections still count).
 * Linux only; callers check /proc/self/stat first.
 */
export function readProcesses(): { pid: number; ppid: number; cmdline: string; seconds: number; reaped: number }[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return [
          {
            pid: Number(pid),
            ppid: Number(f[1]),
            cmdline,
            seconds: (Number(f[11]) + Number(f[12])) / 100,
            reaped: (Number(f[13]) + Number(f[14])) / 100,
          },
        ];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/**
 * CPU seconds used so far by the app (its process tree), by the PostgreSQL server of `database`
 * (the postmaster of its backends and every child; null with a remote server) and by this client.
 * Linux /proc only; nulls elsewhere. Other work on the machine is not counted but does compete.
 */
export function cpuSeconds(
  appPid: number | undefined,
  database: string,
): { app: number | null; postgres: number | null; client: number; machine: number | null } {
  const usage = process.cpuUsage();
  const client = (usage.user + usage.system) / 1e6;
  if (!fs.existsSync('/proc/self/stat')) return { app: null, postgres: null, client, machine: null };
  // Busy time of the whole machine (user + nice + system + irq + softirq + steal), to show other load.
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  const machine = ((cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0)) / 100;
  const procs = readProcesses();
  const treeOf = (rootPid: number | undefined) => {
    const tree = new Set(rootPid ? [rootPid] : []);
    for (let grew = true; grew;) {
      grew = false;
      for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = Boolean(tree.add(p.pid));
    }
    return procs.filter((p) => tree.has(p.pid)).sort((a, b) => (a.pid === rootPid ? -1 : b.pid === rootPid ? 1 : 0));
  };
  const sum = (list: typeof procs) => round(list.reduce((a, p) => a + p.seconds, 0) + (list[0]?.reaped ?? 0));
  const postmaster = procs.find((p) => p.cmdline.startsWith('postgres: ') && p.cmdline.includes(` ${database} `))?.ppid;
  return { app: appPid ? sum(treeOf(appPid)) : null, postgres: postmaster ? sum(treeOf(postmaster)) : null, client, machine };
}
