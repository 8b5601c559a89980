import type { z } from 'zod';
import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import type { ZSaveJudgeTemplate } from '@/lib/judge/schemas';

/** Saves a judge template as the project's next version (versions never change: labels name theirs). Audited. */
export async function saveJudgeTemplate(options: {
  actorId: string;
  input: z.infer<typeof ZSaveJudgeTemplate>;
}): Promise<{ version: number }> {
  const { projectId, text } = options.input;
  return withTransaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(25, hashtext('judge-template:' || $1))`, [projectId]);
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO judge_templates ("projectId", version, text, "createdById")
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3 FROM judge_templates WHERE "projectId" = $1 RETURNING version`,
      [projectId, text, options.actorId],
    );
    const version = rows[0]!.version;
    await insertAuditEvent(client, { actorId: options.actorId, projectId, action: 'judge_template.save', data: { version } });
    return { version };
  });
}
