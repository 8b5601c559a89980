import { getPgPool } from '@/lib/db';
import type { TImportJobOptions } from '@/lib/import/schemas';
import { storableJson, storableText } from '@/lib/import/storable-text';

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Records an import about to run (status CHECKING), so its progress can be shown by any instance; returns its id. */
export async function createImportJob(options: { projectId: string; actorId: string | null; origin: 'page' | 'api' | 'cli'; fileName: string; bytesTotal: number; options: TImportJobOptions }): Promise<string> {
  const { rows } = await getPgPool().query<{ id: string }>(
    `INSERT INTO import_jobs ("projectId", "createdById", origin, "fileName", options, "bytesTotal", "createdAt", "phaseStartedAt", "heartbeatAt")
     VALUES ($1, $2, $3, $4, $5, $6, ${NOW_UTC}, ${NOW_UTC}, ${NOW_UTC}) RETURNING id`,
    [options.projectId, options.actorId, options.origin, storableText(options.fileName.slice(0, 300)), storableJson(options.options), options.bytesTotal],
  );
  return rows[0]!.id;
}
