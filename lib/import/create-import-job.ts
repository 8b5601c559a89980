import { sql } from 'kysely';
import { getSql } from '@/lib/db';
import type { TImportJobOptions } from '@/lib/import/schemas';
import { storableJson, storableText } from '@/lib/import/storable-text';

const NOW_UTC = sql<Date>`(now() AT TIME ZONE 'UTC')`;

/** Records an import about to run (status CHECKING), so its progress can be shown by any instance; returns its id. */
export async function createImportJob(options: {
  projectId: string;
  actorId: string | null;
  origin: 'page' | 'api' | 'cli';
  fileName: string;
  bytesTotal: number;
  options: TImportJobOptions;
}): Promise<string> {
  const { id } = await getSql()
    .insertInto('import_jobs')
    .values({
      projectId: options.projectId,
      createdById: options.actorId,
      origin: options.origin,
      fileName: storableText(options.fileName.slice(0, 300)),
      options: storableJson(options.options),
      // bigint: typed as string, as pg returns it; the same text goes over the wire as the number did.
      bytesTotal: String(options.bytesTotal),
      createdAt: NOW_UTC,
      phaseStartedAt: NOW_UTC,
      heartbeatAt: NOW_UTC,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
