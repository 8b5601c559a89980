import { getPgPool } from '@/lib/db';
import { isAppError } from '@/lib/errors';
import { releaseCallSlot, slotWaitMs, type CallLimits } from '@/lib/generation/acquire-call-slot';
import { buildCritiqueMessages } from '@/lib/generation/build-critique-messages';
import { claimGenerationTask, type ClaimedTask } from '@/lib/generation/claim-generation-task';
import { findNextDue } from '@/lib/generation/find-next-due';
import { completeGenerationTask } from '@/lib/generation/complete-generation-task';
import { failGenerationTask, MAX_ATTEMPTS, retryDelayMs } from '@/lib/generation/fail-generation-task';
import { returnGenerationTask } from '@/lib/generation/return-generation-task';
import { isJudgeJobKind, prepareJudgeRun } from '@/lib/generation/run-judge-task';
import { finishGenerationJob } from '@/lib/generation/finish-generation-job';
import { generationRunJob, RUN_SLICE_MS } from '@/lib/generation/generation-run-job';
import { getCritiqueTemplate } from '@/lib/generation/get-critique-template';
import { ZGenerationJobSpec } from '@/lib/generation/schemas';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { log } from '@/lib/log';
import { chatCompletion, ModelCallError, type ChatTarget } from '@/lib/models/chat-completion';
import { getChatTarget, type ModelConnectionSummary } from '@/lib/models/get-chat-target';

/** Lanes (requests in flight) one runner keeps per connection at most; the connection's own limit holds across instances. */
const MAX_LANES_PER_CONNECTION = 64;
/** How long a claimed task is leased beyond the connection's timeout (its runner died: any runner takes it back then). */
const TASK_LEASE_MARGIN_MS = 5_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Never let the key reach a task row, a page or a log line, even when a server echoes it. */
function redact(message: string, target: ChatTarget): string {
  return target.apiKey ? message.replaceAll(target.apiKey, '[redacted]') : message;
}

type Lane = { connection: ModelConnectionSummary; target: ChatTarget; limits: CallLimits };

/**
 * Works through a generation job's tasks (the pg-boss job generation-run, on any app instance): per
 * connection up to its maxConcurrency lanes, each taking a call slot (limits across instances), then
 * a due task, sending it, and storing the answer or the failure (retries with backoff, honouring
 * Retry-After; 4xx fail at once with the server's words). Stops claiming after `sliceMs` and queues
 * its follow-up when work remains; stops at once when the job is cancelled (requests in flight still
 * store their answer). `windowMs` is the per-minute limit's window (tests shorten it).
 */
export async function runGenerationJob(options: { jobId: string; runner?: number; sliceMs?: number; windowMs?: number }): Promise<void> {
  const { jobId } = options;
  const pool = getPgPool();
  const { rows } = await pool.query<{
    projectId: string;
    kind: 'RESPONSES' | 'CRITIQUES' | 'JUDGE' | 'DISCRIMINATE';
    status: string;
    spec: unknown;
    templateVersion: number | null;
  }>(
    `UPDATE generation_jobs SET status = CASE WHEN status = 'QUEUED' THEN 'RUNNING'::"GenerationJobStatus" ELSE status END,
            "startedAt" = coalesce("startedAt", now())
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
      RETURNING "projectId", kind::text AS kind, status::text AS status, spec, "templateVersion"`,
    [jobId],
  );
  const job = rows[0];
  if (!job) return; // cancelled, finished or gone
  const spec = ZGenerationJobSpec.parse(job.spec);
  const template =
    job.kind === 'CRITIQUES' ? await getCritiqueTemplate({ projectId: job.projectId, version: job.templateVersion ?? undefined }) : null;
  // JUDGE and DISCRIMINATE (issue 25): their requests and answers are the judge's (lib/generation/run-judge-task.ts).
  const judge = isJudgeJobKind(job.kind) ? await prepareJudgeRun({ jobId, ...job, kind: job.kind, spec: job.spec }) : null;

  const lanes: Lane[] = [];
  for (const connectionId of spec.connectionIds) {
    try {
      const { connection, target } = await getChatTarget({ connectionId, projectId: job.projectId });
      const limits = {
        connectionId,
        maxConcurrency: connection.maxConcurrency,
        requestsPerMinute: connection.requestsPerMinute,
        timeoutMs: connection.timeoutMs,
      };
      for (let n = 0; n < Math.min(connection.maxConcurrency, MAX_LANES_PER_CONNECTION); n++) lanes.push({ connection, target, limits });
    } catch (error) {
      if (!isAppError(error)) throw error;
      // The connection was removed (or its key cannot be read): its tasks fail with the reason; a resume retries them.
      await pool.query(
        `UPDATE generation_tasks SET status = 'FAILED', "lastErrorKind" = 'connection', "lastError" = $3, "finishedAt" = now()
          WHERE "jobId" = $1 AND "connectionId" = $2 AND status = 'QUEUED'`,
        [jobId, connectionId, error.message],
      );
    }
  }

  // Cancellation: one look a second at the job's status for the whole runner (not one per request).
  const stop = new AbortController();
  const watcher = setInterval(() => {
    void pool
      .query<{ status: string }>('SELECT status::text AS status FROM generation_jobs WHERE id = $1', [jobId])
      .then(({ rows: found }) => {
        if (found[0]?.status !== 'QUEUED' && found[0]?.status !== 'RUNNING') stop.abort();
      })
      .catch(() => undefined);
  }, 1000);
  const deadline = Date.now() + (options.sliceMs ?? RUN_SLICE_MS);
  // Requests this runner has out, per connection (to tell its own running tasks from a dead runner's).
  const inFlight = new Map(spec.connectionIds.map((id) => [id, 0]));
  let moreLater = false;

  const runLane = async (lane: Lane) => {
    const leaseMs = lane.limits.timeoutMs + TASK_LEASE_MARGIN_MS;
    let refusals = 0;
    while (!stop.signal.aborted) {
      if (Date.now() > deadline) return void (moreLater = true);
      const { leaseId, waitMs, task } = await claimGenerationTask({
        jobId,
        connectionId: lane.connection.id,
        leaseMs,
        limits: lane.limits,
        windowMs: options.windowMs,
      });
      if (!leaseId) {
        await sleep(slotWaitMs(waitMs, refusals++), stop.signal);
        continue;
      }
      refusals = 0;
      if (!task) {
        // An unused slot must not count against the per-minute limit.
        await pool.query('DELETE FROM model_call_leases WHERE id = $1', [leaseId]);
        const due = await findNextDue({ jobId, connectionId: lane.connection.id });
        if (!due.next) return;
        // Only requests in flight are left and this runner has as many out: they are ours, nothing to take over.
        if (due.queued === 0 && due.running <= inFlight.get(lane.connection.id)!) return;
        const wait = due.next.getTime() - Date.now();
        if (Date.now() + wait > deadline) return void (moreLater = true);
        await sleep(Math.max(20, Math.min(wait, 250)), stop.signal);
        continue;
      }
      inFlight.set(lane.connection.id, inFlight.get(lane.connection.id)! + 1);
      try {
        await runTask(lane, task, leaseId);
      } finally {
        inFlight.set(lane.connection.id, inFlight.get(lane.connection.id)! - 1);
      }
    }
  };

  const runTask = async (lane: Lane, task: ClaimedTask, leaseId: string) => {
    const judged = judge ? await judge.request(task, leaseId) : null;
    if (judge && !judged) return;
    const messages = judged
      ? judged.messages
      : job.kind === 'CRITIQUES'
        ? buildCritiqueMessages({ template: template!.text, conversation: task.messages, answer: task.answer ?? '' })
        : task.messages;
    try {
      const result = await chatCompletion(lane.target, {
        messages,
        params: task.params,
        signal: AbortSignal.timeout(lane.limits.timeoutMs + 1000),
      });
      if (judged) return await judged.complete({ result, leaseId, connection: lane.connection });
      await completeGenerationTask({
        kind: job.kind as 'RESPONSES' | 'CRITIQUES',
        task,
        leaseId,
        templateVersion: template?.version ?? null,
        result,
        provenance: {
          jobId,
          taskId: task.id,
          connectionId: lane.connection.id,
          connectionName: lane.connection.name,
          model: lane.connection.model,
          params: task.params,
          attempts: task.attempts,
        },
      });
    } catch (error) {
      const failure =
        error instanceof ModelCallError
          ? error
          : (error as { name?: string }).name === 'TimeoutError' || (error as { name?: string }).name === 'AbortError'
            ? new ModelCallError('timeout', `no answer within ${lane.limits.timeoutMs / 1000} s`)
            : null;
      if (!failure) {
        await returnGenerationTask({ task }).catch(() => undefined);
        await releaseCallSlot({ leaseId }).catch(() => undefined);
        throw error;
      }
      const retry = failure.retryable && task.attempts < MAX_ATTEMPTS;
      await failGenerationTask({
        task,
        leaseId,
        kind: failure.kind,
        message: redact(failure.message, lane.target),
        retryInMs: retry ? retryDelayMs(task.attempts, failure.retryAfterMs) : null,
      });
    }
  };

  try {
    await Promise.all(lanes.map(runLane));
  } finally {
    clearInterval(watcher);
  }
  if (stop.signal.aborted) return;
  const over = await finishGenerationJob({ jobId });
  if (!over && moreLater) {
    // The rest in a follow-up run (other jobs get their turn between runs; pg-boss keeps it if this instance stops).
    await enqueueJob(generationRunJob, { jobId, runner: options.runner ?? 0 }, { singletonKey: `${jobId}#${options.runner ?? 0}` });
  }
  log.info('generation run ended', { jobId, over, moreLater });
}
