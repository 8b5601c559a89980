/**
 * Dashboard reads with and without a read replica (issue 29): a PostgreSQL 15 primary and a
 * streaming replica made with pg_basebackup (tests/helpers/replica-pair.ts), a dashboard project
 * seeded on the primary (scripts/bench/dashboard-seed.ts, stats backfilled, every widget viewed
 * once), then N concurrent readers call the dashboard's real figure functions (progress,
 * agreement, models, labelers, disagreement queue, in turn) for `seconds`, first with every read on
 * the primary, then with DATABASE_READ_URL's routing to the replica. Reported: reads per second and
 * the CPU seconds the primary's server processes spent in each phase (what a replica takes off it).
 *   --seconds N (20 per phase)  --judgments N (30000)  --readers N (8)  --json
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startReplicaPair } from '../../tests/helpers/replica-pair';
import { seedDashboardProject } from './dashboard-seed';
import { readProcesses, round } from './harness';

type Phase = { readsPerSecond: number; primaryCpuSeconds?: number; replicaCpuSeconds?: number; reads: number };

/** CPU seconds of a postmaster and its children so far (reaped backends included); undefined off Linux. */
function serverCpu(postmaster: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const procs = readProcesses();
  const root = procs.find((p) => p.pid === postmaster);
  if (!root) return undefined;
  const children = procs.filter((p) => p.ppid === postmaster);
  return root.seconds + root.reaped + children.reduce((n, p) => n + p.seconds, 0);
}

export async function benchReplicaReads(options: {
  seconds: number;
  judgments?: number;
  readers?: number;
}): Promise<{ primaryOnly: Phase; withReplica: Phase; items: number; readers: number }> {
  const readers = options.readers ?? 8;
  const pair = await startReplicaPair();
  process.env.DATABASE_URL = pair.primaryUrl;
  process.env.NEXTAUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0000';
  process.env.DB_POOL_SIZE ??= String(readers + 2);
  const { configureReadReplicas, getPgPool, getReadPool } = await import('../../lib/db');
  const { getProgressSummary } = await import('../../lib/dashboard/get-progress-summary');
  const { getAgreementSummary } = await import('../../lib/dashboard/get-agreement-summary');
  const { getModelScores } = await import('../../lib/dashboard/get-model-scores');
  const { findLabelerQuality } = await import('../../lib/dashboard/find-labeler-quality');
  const { findDisagreementQueue } = await import('../../lib/dashboard/find-disagreement-queue');
  const { refreshProjectStats } = await import('../../lib/judgments/refresh-project-stats');
  const raw = new pg.Pool({ connectionString: pair.primaryUrl, max: 2 });
  try {
    const { projectId, nItems } = await seedDashboardProject(raw, { judgments: options.judgments ?? 30_000, labelers: 60 });
    await refreshProjectStats({ projectId, all: true });
    await raw.query('ANALYZE');
    const widgets = [
      () => getProgressSummary({ projectId }),
      () => getAgreementSummary({ projectId }),
      () => getModelScores({ projectId }),
      () => findLabelerQuality({ projectId }),
      () => findDisagreementQueue({ projectId }),
    ];
    // The first views build what widgets keep between views (rollups, interval cache): not timed.
    for (const widget of widgets) await widget();
    await pair.waitForReplay();

    const phase = async (): Promise<Phase> => {
      for (const widget of widgets) await widget(); // warm this phase's pool and plans
      const cpu0 = serverCpu(pair.primaryPid);
      const replica0 = serverCpu(pair.replicaPid);
      const started = performance.now();
      const until = started + options.seconds * 1000;
      let reads = 0;
      await Promise.all(
        Array.from({ length: readers }, async (_, r) => {
          for (let k = r; performance.now() < until; k++) {
            await widgets[k % widgets.length]!();
            reads++;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const cpu1 = serverCpu(pair.primaryPid);
      const replica1 = serverCpu(pair.replicaPid);
      return {
        reads,
        readsPerSecond: round(reads / elapsed),
        ...(cpu0 !== undefined && cpu1 !== undefined ? { primaryCpuSeconds: round(cpu1 - cpu0) } : {}),
        ...(replica0 !== undefined && replica1 !== undefined ? { replicaCpuSeconds: round(replica1 - replica0) } : {}),
      };
    };

    await configureReadReplicas({ urls: [], maxLagSeconds: 10 });
    if ((await getReadPool()) !== getPgPool()) throw new Error('primary-only phase would read a replica');
    const primaryOnly = await phase();
    await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 10 });
    if ((await getReadPool()) === getPgPool()) throw new Error('the replica is not read from (lag above 10 s?)');
    const withReplica = await phase();
    await configureReadReplicas(null);
    return { primaryOnly, withReplica, items: nItems, readers };
  } finally {
    await raw.end();
    await getPgPool().end();
    await pair.stop();
  }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '20' },
      judgments: { type: 'string', default: '30000' },
      readers: { type: 'string', default: '8' },
    },
  });
  const result = await benchReplicaReads({
    seconds: Number(values.seconds),
    judgments: Number(values.judgments),
    readers: Number(values.readers),
  });
  const load = os.loadavg().map((l) => l.toFixed(2));
  if (values.json) {
    console.log(JSON.stringify({ ...result, seconds: Number(values.seconds), loadAverage: os.loadavg() }, null, 2));
    return;
  }
  console.log(
    `\nscale-replica: ${result.readers} readers call the dashboard's figure functions for ${values.seconds} s per phase ` +
      `(${result.items.toLocaleString('en')} items, ${values.judgments} judgments; load average ${load.join(' ')})\n`,
  );
  console.log(
    `${'phase'.padEnd(28)} ${'reads'.padStart(7)} ${'reads/s'.padStart(9)} ${'primary CPU s'.padStart(14)} ${'replica CPU s'.padStart(14)}`,
  );
  for (const [name, p] of [
    ['primary only', result.primaryOnly],
    ['with the replica', result.withReplica],
  ] as const) {
    console.log(
      `${name.padEnd(28)} ${String(p.reads).padStart(7)} ${String(p.readsPerSecond).padStart(9)} ${String(p.primaryCpuSeconds ?? '–').padStart(14)} ${String(p.replicaCpuSeconds ?? '–').padStart(14)}`,
    );
  }
}
