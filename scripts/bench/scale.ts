/**
 * `npm run bench -- scale` (issue 29): the two figures of running past one database server, each
 * beside its baseline, in one table (or, with --json, one object):
 *   1. dashboard reads per second and the primary's CPU, with a streaming replica vs the primary
 *      alone (scale-replica.ts: a PostgreSQL 15 primary + replica made with pg_basebackup);
 *   2. connections held on the primary at 400 simulated labelers on 4 app instances, through
 *      PgBouncer in transaction mode vs straight to PostgreSQL (scale-pooler.ts), with throughput
 *      and latency so the pooler's cost shows.
 * Each part also runs alone: `npm run bench -- scale-replica` / `scale-pooler` (their own options).
 *   --seconds N (per phase, 20)  --labelers N (400)  --readers N (8)  --judgments N (30000)  --json
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { round } from './harness';
import { benchPoolerConnections } from './scale-pooler';
import { benchReplicaReads } from './scale-replica';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '20' },
      labelers: { type: 'string', default: '400' },
      readers: { type: 'string', default: '8' },
      judgments: { type: 'string', default: '30000' },
    },
  });
  const seconds = Number(values.seconds);
  const say = (line: string) => values.json || console.error(`[bench] ${line}`);
  const loadBefore = os.loadavg()[0]!;
  say('part 1: the pooler (4 app instances, direct then through PgBouncer)');
  const pooler = await benchPoolerConnections({ labelers: Number(values.labelers), seconds, log: say });
  say('part 2: dashboard reads (primary alone, then with the replica)');
  const replica = await benchReplicaReads({ seconds, readers: Number(values.readers), judgments: Number(values.judgments) });
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? null : round(a / Math.max(b, 0.01));
  const figures = {
    dashboardReadsPerSecond: {
      value: replica.withReplica.readsPerSecond,
      baseline: replica.primaryOnly.readsPerSecond,
      ratio: ratio(replica.withReplica.readsPerSecond, replica.primaryOnly.readsPerSecond),
    },
    primaryCpuSecondsForReads: {
      value: replica.withReplica.primaryCpuSeconds ?? null,
      baseline: replica.primaryOnly.primaryCpuSeconds ?? null,
      ratio: ratio(replica.withReplica.primaryCpuSeconds, replica.primaryOnly.primaryCpuSeconds),
    },
    primaryConnectionsAt400Labelers: {
      value: pooler.pooled.primaryConnections,
      baseline: pooler.direct.primaryConnections,
      ratio: ratio(pooler.pooled.primaryConnections, pooler.direct.primaryConnections),
    },
    submitsPerSecond: {
      value: pooler.pooled.submitsPerSec,
      baseline: pooler.direct.submitsPerSec,
      ratio: ratio(pooler.pooled.submitsPerSec, pooler.direct.submitsPerSec),
    },
    submitP95Ms: {
      value: pooler.pooled.submit.p95Ms,
      baseline: pooler.direct.submit.p95Ms,
      ratio: ratio(pooler.pooled.submit.p95Ms, pooler.direct.submit.p95Ms),
    },
  };
  const setup = {
    seconds,
    readers: replica.readers,
    items: replica.items,
    labelers: pooler.setup.labelers,
    instances: pooler.setup.instances,
    appPoolSize: pooler.setup.appPoolSize,
    poolerPoolSize: pooler.setup.poolerPoolSize,
    cpus: os.availableParallelism(),
    loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
  };
  if (values.json) {
    console.log(JSON.stringify({ benchmark: 'scale', setup, figures, parts: { replica, pooler } }));
    return;
  }
  console.log(
    `\nscale: ${setup.readers} dashboard readers for ${seconds} s per phase (${setup.items.toLocaleString('en')} items); ` +
      `${setup.labelers} labelers on ${setup.instances} instances × DB_POOL_SIZE ${setup.appPoolSize}, PgBouncer ${setup.poolerPoolSize} server connections; ` +
      `load average ${setup.loadAverage.before.toFixed(1)} → ${setup.loadAverage.after.toFixed(1)} on ${setup.cpus} CPUs\n`,
  );
  const cell = (v: unknown, width: number) => String(v ?? '–').padStart(width);
  const row = (name: string, f: { value: unknown; baseline: unknown; ratio: unknown }) =>
    console.log(`${name.padEnd(46)} ${cell(f.value, 12)} ${cell(f.baseline, 16)} ${cell(f.ratio, 7)}`);
  row('figure', { value: 'value', baseline: 'baseline', ratio: 'ratio' });
  row('dashboard reads/s (replica | primary alone)', figures.dashboardReadsPerSecond);
  row('primary CPU s for those reads', figures.primaryCpuSecondsForReads);
  row('connections on the primary (pooler | direct)', figures.primaryConnectionsAt400Labelers);
  row('submits/s (pooler | direct)', figures.submitsPerSecond);
  row('submit p95 ms (pooler | direct)', figures.submitP95Ms);
}
