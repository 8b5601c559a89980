import { getDb } from '@/lib/db';
import { evaluateParticipant } from '@/lib/study/evaluate-participant';

/**
 * Ends the active participants whose session is over without them loading a page: past their
 * link's timeout (their work released at once) or, with `projectId`, every active participant of
 * that project is checked (quota reached in a tab they closed). Run by every instance's minute
 * sweep (instrumentation.ts) and before a lead reads the participants table. Returns how many ended.
 */
export async function sweepStudyParticipants(options: { projectId?: string; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const rows = options.projectId
    ? await getDb().$queryRaw<{ id: string }[]>`
        SELECT p.id::text FROM study_participants p JOIN study_links l ON l.id = p."linkId"
        WHERE p.status = 'ACTIVE' AND l."projectId" = ${options.projectId}::uuid`
    : await getDb().$queryRaw<{ id: string }[]>`
        SELECT p.id::text FROM study_participants p JOIN study_links l ON l.id = p."linkId"
        WHERE p.status = 'ACTIVE' AND p."startedAt" + make_interval(mins => l."timeoutMinutes") <= ${now}
        LIMIT 500`;
  let ended = 0;
  for (const row of rows) {
    const after = await evaluateParticipant({ participantId: row.id, byParticipant: false, now });
    if (after && after.status !== 'ACTIVE') ended += 1;
  }
  return ended;
}
