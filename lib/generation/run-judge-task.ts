import { getPgPool } from '@/lib/db';
import type { ClaimedTask } from '@/lib/generation/claim-generation-task';
import { failGenerationTask, retryDelayMs } from '@/lib/generation/fail-generation-task';
import { buildCritiqueCheckMessages, buildDiscriminateMessages, buildJudgeMessages } from '@/lib/judge/build-judge-messages';
import { getJudgeTemplate } from '@/lib/judge/get-judge-template';
import { JudgeAnswerError, parseCritiqueCheckAnswer, parseDiscriminateAnswer, parseJudgeAnswer } from '@/lib/judge/parse-judge-answer';
import { ZJudgeJobSpec } from '@/lib/judge/schemas';
import { flawedShownFirst, judgeShownOrder } from '@/lib/judge/shown-order';
import type { ChatCompletion } from '@/lib/models/chat-completion';
import type { ModelConnectionSummary } from '@/lib/models/get-chat-target';
import type { ChatMessage } from '@/lib/models/schemas';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

export type JudgeJobKind = 'JUDGE' | 'DISCRIMINATE';
export const isJudgeJobKind = (kind: string): kind is JudgeJobKind => kind === 'JUDGE' || kind === 'DISCRIMINATE';

/** One judge request: what to send, and how to store (or refuse) the answer. */
export type JudgeRequest = {
  messages: ChatMessage[];
  complete: (options: { result: ChatCompletion; leaseId: string; connection: ModelConnectionSummary }) => Promise<void>;
};

type Task = Pick<ClaimedTask, 'id' | 'attempts' | 'itemId' | 'responseId' | 'perturbationId' | 'sample' | 'messages' | 'answer'>;

/**
 * The judge side of a generation runner (run-generation-job.ts calls it for JUDGE and DISCRIMINATE
 * jobs): builds each task's request from what a labeler would see (the item's responses in the shown
 * order under letters, no model, no id), checks the answer with the rules of a human submit, and
 * stores it in its own table with its provenance, in the statement that marks the task DONE (only
 * this attempt's: a runner that lost its lease stores nothing; the task id is unique on the label).
 * An answer that breaks the rules is refused: the task is retried up to the job's attempts, then
 * FAILED with the reason (lastErrorKind invalid_answer).
 */
export async function prepareJudgeRun(options: {
  jobId: string;
  projectId: string;
  kind: JudgeJobKind;
  spec: unknown;
  templateVersion: number | null;
}) {
  const { jobId, projectId, kind } = options;
  const spec = ZJudgeJobSpec.parse(options.spec);
  const pool = getPgPool();
  const template = kind === 'JUDGE' ? await getJudgeTemplate({ projectId, version: options.templateVersion ?? 0 }) : null;
  const taxonomy = kind === 'JUDGE' ? await getTaxonomy({ projectId, version: spec.taxonomyVersion }) : null;
  const flagKeys = new Set(taxonomy?.responseFlags.map((f) => f.key) ?? []);

  const refuse = async (task: Task, leaseId: string, message: string, retryable: boolean) =>
    failGenerationTask({
      task: { id: task.id, attempts: task.attempts, itemId: null },
      leaseId,
      kind: 'invalid_answer',
      message,
      retryInMs: retryable && task.attempts < spec.attempts ? retryDelayMs(task.attempts, null) : null,
    });

  /** Marks the task DONE and inserts the result row (`insert`, selecting from `done`; its values from $9) in one statement. */
  const store = async (task: Task, leaseId: string, result: ChatCompletion, insert: string, values: unknown[]) => {
    await pool.query(
      `WITH done AS (
         UPDATE generation_tasks SET status = 'DONE', "leaseExpiresAt" = NULL, "finishedAt" = now(), "modelReported" = $3,
                "finishReason" = $4, "promptTokens" = $5, "completionTokens" = $6, "latencyMs" = $7
          WHERE id = $1 AND status = 'RUNNING' AND attempts = $2 RETURNING id),
       released AS (UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $8 RETURNING id),
       stored AS (${insert})
       SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM released)::int AS released`,
      [
        task.id,
        task.attempts,
        result.model,
        result.finishReason,
        result.promptTokens,
        result.completionTokens,
        result.latencyMs,
        leaseId,
        ...values,
      ],
    );
  };
  const provenance = (connection: ModelConnectionSummary, result: ChatCompletion) => [
    connection.id,
    connection.name,
    connection.model,
    result.model,
    result.promptTokens,
    result.completionTokens,
    result.latencyMs,
  ];

  async function judgeRequest(task: Task): Promise<JudgeRequest | string> {
    const { rows: responses } = await pool.query<{ id: string; text: string }>(
      `SELECT id, text FROM responses WHERE "itemId" = $1 ORDER BY id`,
      [task.itemId],
    );
    if (responses.length < 2) return 'The item has fewer than two responses';
    const reversed = task.sample === 1;
    const shownOrder = judgeShownOrder({ jobId, itemId: task.itemId!, responseIds: responses.map((r) => r.id), reversed });
    const text = new Map(responses.map((r) => [r.id, r.text]));
    return {
      messages: buildJudgeMessages({
        template: template!.text,
        conversation: task.messages,
        texts: shownOrder.map((id) => text.get(id)!),
        flags: taxonomy!.responseFlags,
      }),
      complete: async ({ result, leaseId, connection }) => {
        let label;
        try {
          label = parseJudgeAnswer(result.text, { shownOrder, flagKeys });
        } catch (error) {
          if (!(error instanceof JudgeAnswerError)) throw error;
          return refuse(task, leaseId, error.message, true);
        }
        await store(
          task,
          leaseId,
          result,
          `INSERT INTO judge_labels ("jobId", "taskId", "projectId", "itemId", "connectionId", "connectionName", model, "modelReported", "promptTokens",
                                     "completionTokens", "latencyMs", "templateVersion", reversed, "shownOrder", ranking, ratings, reason, attempts)
           SELECT $16, id, $17, $18, $9, $10, $11, $12, $13, $14, $15, $19, $20, $21::uuid[], $22::jsonb, $23::jsonb, $24, $2 FROM done
           ON CONFLICT ("taskId") DO NOTHING RETURNING id`,
          [
            ...provenance(connection, result),
            jobId,
            projectId,
            task.itemId,
            template!.version,
            reversed,
            shownOrder,
            JSON.stringify(label.ranking),
            JSON.stringify(label.ratings),
            label.reason,
          ],
        );
      },
    };
  }

  async function discriminateRequest(task: Task): Promise<JudgeRequest | string> {
    const { rows } = await pool.query<{ original: string; flawedText: string; description: string; span: string; critique: string | null }>(
      `SELECT r.text AS original, p."flawedText", p.description, substr(p."flawedText", p."flawedStart" + 1, p."flawedEnd" - p."flawedStart") AS span,
              (SELECT c.text FROM critiques c WHERE c.id = t."critiqueId") AS critique
         FROM generation_tasks t JOIN perturbations p ON p.id = t."perturbationId" JOIN responses r ON r.id = p."responseId"
        WHERE t.id = $1`,
      [task.id],
    );
    const p = rows[0];
    if (!p) return 'The perturbation is gone';
    const { rows: which } = await pool.query<{ critiqueId: string | null }>(`SELECT "critiqueId" FROM generation_tasks WHERE id = $1`, [
      task.id,
    ]);
    const critiqueId = which[0]?.critiqueId ?? null;
    if (critiqueId) {
      if (p.critique === null) return 'The critique is gone';
      return {
        messages: buildCritiqueCheckMessages({ flawedText: p.flawedText, description: p.description, span: p.span, critique: p.critique }),
        complete: async ({ result, leaseId, connection }) => {
          let check;
          try {
            check = parseCritiqueCheckAnswer(result.text);
          } catch (error) {
            if (!(error instanceof JudgeAnswerError)) throw error;
            return refuse(task, leaseId, error.message, true);
          }
          await store(
            task,
            leaseId,
            result,
            `INSERT INTO judge_critique_checks ("jobId", "taskId", "projectId", "perturbationId", "critiqueId", "connectionId", "connectionName", model,
                                                "modelReported", "promptTokens", "completionTokens", "latencyMs", "pointsToFlaw", reason)
             SELECT $16, id, $17, $18, $19, $9, $10, $11, $12, $13, $14, $15, $20, $21 FROM done ON CONFLICT ("taskId") DO NOTHING RETURNING id`,
            [...provenance(connection, result), jobId, projectId, task.perturbationId, critiqueId, check.pointsToFlaw, check.reason],
          );
        },
      };
    }
    const flawedFirst = flawedShownFirst(task.id);
    return {
      messages: buildDiscriminateMessages({ conversation: task.messages, original: p.original, flawed: p.flawedText, flawedFirst }),
      complete: async ({ result, leaseId, connection }) => {
        let answer;
        try {
          answer = parseDiscriminateAnswer(result.text);
        } catch (error) {
          if (!(error instanceof JudgeAnswerError)) throw error;
          return refuse(task, leaseId, error.message, true);
        }
        const correct = (answer.answer === 'A') === flawedFirst;
        await store(
          task,
          leaseId,
          result,
          `INSERT INTO judge_discriminations ("jobId", "taskId", "projectId", "perturbationId", "connectionId", "connectionName", model, "modelReported",
                                              "promptTokens", "completionTokens", "latencyMs", "flawedFirst", answer, correct, reason)
           SELECT $16, id, $17, $18, $9, $10, $11, $12, $13, $14, $15, $19, $20, $21, $22 FROM done ON CONFLICT ("taskId") DO NOTHING RETURNING id`,
          [...provenance(connection, result), jobId, projectId, task.perturbationId, flawedFirst, answer.answer, correct, answer.reason],
        );
      },
    };
  }

  return {
    /** The request of a claimed task, or null when it cannot be asked (then it is FAILED with the reason). */
    async request(task: Task, leaseId: string): Promise<JudgeRequest | null> {
      const request = kind === 'JUDGE' ? await judgeRequest(task) : await discriminateRequest(task);
      if (typeof request !== 'string') return request;
      await refuse(task, leaseId, request, false);
      return null;
    },
  };
}
