import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import type { z } from 'zod';
import type { ZSaveCritiqueTemplate } from '@/lib/generation/schemas';

/**
 * Saves the lead's critique template as the project's next version (versions are never changed:
 * critiques name the version they were made with). Under the project's lock, audited.
 */
export async function saveCritiqueTemplate(options: {
  actorId: string;
  input: z.infer<typeof ZSaveCritiqueTemplate>;
}): Promise<{ version: number }> {
  const { projectId, text } = options.input;
  return withTransaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(24, hashtext('critique-template:' || $1))`, [projectId]);
    const { rows } = await client.query<{ version: number }>(
      `INSERT INTO critique_templates ("projectId", version, text, "createdById")
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3 FROM critique_templates WHERE "projectId" = $1 RETURNING version`,
      [projectId, text, options.actorId],
    );
    const version = rows[0]!.version;
    await insertAuditEvent(client, { actorId: options.actorId, projectId, action: 'critique_template.save', data: { version } });
    return { version };
  });
}
