/**
 * `npm run bench -- generate [--tasks 2000] [--concurrency 32] [--latency-ms 5] [--json]` (issue 24):
 * a generation job of `tasks` requests against the local Chat Completions server
 * (tests/helpers/chat-server.ts, in a process of its own, answering after `latency-ms`), run as an
 * app worker runs it (pg-boss fetches the runner, the runner keeps `concurrency` requests in flight
 * under the connection's limit), beside the baseline: the bare HTTP loop, chatCompletion with the
 * same concurrency and no queue. Figures: tasks/s, wall time per task, the queue's overhead per task
 * (wall and CPU: this process and PostgreSQL), and that every task stored exactly one response.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readProcesses, round, scratchDatabase } from './harness';

const root = path.resolve(import.meta.dirname, '../..');

function startServer(latencyMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/helpers/chat-server.ts', '--port', '0', '--latency-ms', String(latencyMs)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const url = /listening (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`chat server exited (${code})`)));
  });
}

function postgresCpuSeconds(database: string): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const procs = readProcesses();
  const postmaster = procs.find((p) => p.cmdline.startsWith('postgres: ') && p.cmdline.includes(` ${database} `))?.ppid;
  if (!postmaster) return null;
  return procs.reduce((sum, p) => sum + (p.pid === postmaster ? p.seconds + p.reaped : p.ppid === postmaster ? p.seconds : 0), 0);
}

/** Wall seconds, CPU seconds here and in PostgreSQL, around `fn`. */
async function timed(database: string, fn: () => Promise<void>) {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuSeconds(database);
  const t0 = performance.now();
  await fn();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = postgresCpuSeconds(database);
  return {
    wallSeconds: round(wall),
    clientCpuSeconds: round((cpu.user + cpu.system) / 1e6),
    postgresCpuSeconds: pg0 === null || pg1 === null ? null : round(pg1 - pg0),
  };
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '32' },
      'latency-ms': { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const tasks = Number(values.tasks);
  const concurrency = Number(values.concurrency);
  const latencyMs = Number(values['latency-ms']);
  const db = await scratchDatabase('generate');
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';
  process.env.DB_POOL_SIZE ??= String(Math.max(10, Math.ceil(concurrency / 2)));
  process.env.LOG_LEVEL ??= 'error';
  const database = new URL(db.databaseUrl).pathname.slice(1);
  const server = await startServer(latencyMs);
  try {
    const [
      { buildModelConnection, buildProject, insertItems },
      { chatCompletion },
      { createResponsesJob },
      { runQueuedJobs },
      { generationRunHandler },
      { getPgPool },
    ] = await Promise.all([
      import('../../lib/builders'),
      import('../../lib/models/chat-completion'),
      import('../../lib/generation/create-responses-job'),
      import('../../lib/jobs/run-queued-jobs'),
      import('../../lib/generation/generation-handler'),
      import('../../lib/db'),
    ]);
    const target = { baseUrl: server.url, model: 'bench', apiKey: null, timeoutMs: 30_000, allowPrivateHosts: true };
    const messages = (n: number) => [{ role: 'user' as const, content: `Prompt ${n}?` }];

    // Warm up both paths (HTTP agent, the pool), then the bare loop.
    await getPgPool().query('SELECT 1');
    await Promise.all(Array.from({ length: concurrency }, (_, i) => chatCompletion(target, { messages: messages(i) })));
    let next = 0;
    const bare = await timed(database, async () => {
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < tasks) await chatCompletion(target, { messages: messages(next++) });
        }),
      );
    });

    const project = await buildProject({ minResponses: 2, maxResponses: 2 });
    await insertItems({ projectId: project.id, count: Math.ceil(tasks / 2), prompt: (n) => `Prompt ${n}?`, responses: [] });
    const connection = await buildModelConnection({
      projectId: project.id,
      baseUrl: server.url,
      model: 'bench',
      maxConcurrency: concurrency,
    });
    let jobId = '';
    const created = await timed(database, async () => {
      ({ jobId } = await createResponsesJob({
        actorId: null,
        input: { projectId: project.id, connectionIds: [connection.id], samples: 2, prompts: { by: 'awaiting' } },
      }));
    });
    const generated = await timed(database, async () => {
      await runQueuedJobs({ handlers: [generationRunHandler] });
    });
    const { rows } = await getPgPool().query<{ done: number; responses: number; status: string }>(
      `SELECT count(*) FILTER (WHERE t.status = 'DONE')::int AS done,
              (SELECT count(*) FROM responses r JOIN generation_tasks t2 ON t2.id = r."generationTaskId" WHERE t2."jobId" = $1)::int AS responses,
              (SELECT status::text FROM generation_jobs WHERE id = $1) AS status
         FROM generation_tasks t WHERE t."jobId" = $1`,
      [jobId],
    );
    const outcome = rows[0]!;
    const n = outcome.done;
    const perTask = (s: number) => round((s * 1000) / n);
    const result = {
      tasks: n,
      concurrency,
      latencyMs,
      poolSize: Number(process.env.DB_POOL_SIZE),
      load: fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : null,
      bare: { ...bare, tasksPerSecond: round(tasks / bare.wallSeconds), wallMsPerTask: perTask(bare.wallSeconds) },
      generation: {
        ...generated,
        tasksPerSecond: round(n / generated.wallSeconds),
        wallMsPerTask: perTask(generated.wallSeconds),
        createSeconds: created.wallSeconds,
        status: outcome.status,
        responses: outcome.responses,
      },
      overheadPerTask: {
        wallMs: perTask(generated.wallSeconds - bare.wallSeconds),
        clientCpuMs: perTask(generated.clientCpuSeconds - bare.clientCpuSeconds),
        postgresCpuMs:
          generated.postgresCpuSeconds === null || bare.postgresCpuSeconds === null
            ? null
            : perTask(generated.postgresCpuSeconds - bare.postgresCpuSeconds),
      },
    };
    if (outcome.status !== 'FINISHED' || outcome.responses !== n || n !== tasks)
      throw new Error(`generation incomplete: ${JSON.stringify(outcome)}`);
    if (values.json) return void console.log(JSON.stringify(result));
    console.log(
      `\nGeneration: ${n} tasks, ${concurrency} in flight, server latency ${latencyMs} ms, pool ${result.poolSize}, load ${result.load}\n`,
    );
    console.log(
      `${'measurement'.padEnd(44)} ${'tasks/s'.padStart(9)} ${'wall s'.padStart(8)} ${'ms/task'.padStart(8)} ${'CPU here s'.padStart(11)} ${'CPU pg s'.padStart(9)}`,
    );
    const line = (
      name: string,
      r: {
        tasksPerSecond: number;
        wallSeconds: number;
        wallMsPerTask: number;
        clientCpuSeconds: number;
        postgresCpuSeconds: number | null;
      },
    ) =>
      console.log(
        `${name.padEnd(44)} ${String(r.tasksPerSecond).padStart(9)} ${String(r.wallSeconds).padStart(8)} ${String(r.wallMsPerTask).padStart(8)} ${String(r.clientCpuSeconds).padStart(11)} ${String(r.postgresCpuSeconds ?? '—').padStart(9)}`,
      );
    line('generation job (pg-boss runner, leases, tasks)', result.generation);
    line('baseline: bare chatCompletion loop, no queue', result.bare);
    console.log(
      `\nqueue overhead per task: ${result.overheadPerTask.wallMs} ms wall, ${result.overheadPerTask.clientCpuMs} ms CPU here, ${result.overheadPerTask.postgresCpuMs ?? '—'} ms CPU in PostgreSQL; creating the job: ${created.wallSeconds} s; ${outcome.responses} responses, one per task`,
    );
  } finally {
    server.child.kill('SIGTERM');
    const { getPgPool } = await import('../../lib/db');
    await getPgPool()
      .end()
      .catch(() => undefined);
    await db.close();
  }
}
