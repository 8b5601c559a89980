import { createHash } from 'node:crypto';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashToken, newToken } from '@/lib/auth/secret-token';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import { ZPlatformId } from '@/lib/study/schemas';

/** How long the one-time entry ticket handed to the `study` sign-in provider stays valid. */
export const ENTRY_TICKET_SECONDS = 120;
/** The reserved domain of participants' placeholder emails: .invalid never delivers (RFC 2606). */
export const PARTICIPANT_EMAIL_DOMAIN = 'participants.invalid';

type Query = Record<string, string | string[] | undefined>;

/** sha256 of the link and the platform id: the participant's pseudonymous key, never the id itself. */
export function participantKey(linkId: string, pid: string): string {
  return createHash('sha256').update(`${linkId}\u0000${pid}`).digest('hex');
}

function readParam(query: Query, name: string, required: boolean): string | null {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') {
    if (!required) return null;
    throw new AppError('INVALID_INPUT', `The link is missing the parameter ${name}.`, { [name]: ['missing'] });
  }
  const parsed = ZPlatformId.safeParse(value);
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', `The parameter ${name} ${parsed.error.issues[0]?.message}.`, { [name]: ['invalid'] });
  return parsed.data;
}

/**
 * Admits a participant arriving at a study link with the platform's URL parameters: the first
 * visit creates a pseudonymous labeler (no password, a placeholder email under .invalid, importKey
 * "study:<linkId>:<sha256>") with a membership in the link's project only; a later visit with the
 * same participant id finds the same account. Either way a fresh one-time entry ticket is stored
 * (hashed) and returned for the `study` sign-in provider (lib/auth/study-provider.ts).
 */
export async function admitParticipant(options: { token: string; query: Query }) {
  const { token, query } = options;
  if (token.length < 20 || token.length > 200)
    throw new AppError('NOT_FOUND', 'This study link is not valid. Check that you copied the whole link.');
  const link = await getDb().studyLink.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, projectId: true, open: true, pidParam: true, studyParam: true, sessionParam: true },
  });
  if (!link) throw new AppError('NOT_FOUND', 'This study link is not valid. Check that you copied the whole link.');
  const pid = readParam(query, link.pidParam, true)!;
  const studyId = link.studyParam ? readParam(query, link.studyParam, true) : null;
  const sessionId = link.sessionParam ? readParam(query, link.sessionParam, true) : null;
  const key = participantKey(link.id, pid);
  const ticket = newToken();
  const ticketExpiresAt = new Date(Date.now() + ENTRY_TICKET_SECONDS * 1000);

  const run = () =>
    getDb().$transaction(async (tx) => {
      const existing = await tx.studyParticipant.findUnique({
        where: { linkId_platformPid: { linkId: link.id, platformPid: pid } },
        select: { id: true, userId: true },
      });
      if (existing) {
        await tx.studyParticipant.update({
          where: { id: existing.id },
          data: { entryTicketHash: hashToken(ticket), entryTicketExpiresAt: ticketExpiresAt, ...(sessionId ? { sessionId } : {}) },
          select: { id: true },
        });
        return { participantId: existing.id, resumed: true };
      }
      if (!link.open) throw new AppError('GONE', 'This study is closed to new participants.');
      const user = await tx.user.create({
        data: {
          email: `${key.slice(0, 40)}@${PARTICIPANT_EMAIL_DOMAIN}`,
          name: `Participant ${key.slice(0, 8)}`,
          role: 'LABELER',
          passwordHash: null,
          importKey: `study:${link.id}:${key}`,
        },
        select: { id: true },
      });
      await tx.membership.create({ data: { projectId: link.projectId, userId: user.id }, select: { id: true } });
      const participant = await tx.studyParticipant.create({
        data: {
          linkId: link.id,
          userId: user.id,
          platformPid: pid,
          studyId,
          sessionId,
          entryTicketHash: hashToken(ticket),
          entryTicketExpiresAt: ticketExpiresAt,
        },
        select: { id: true },
      });
      // The audit row names the participant row, never the platform id.
      await recordAuditEvent(tx, {
        actorId: user.id,
        action: 'study.participant.admit',
        projectId: link.projectId,
        targetType: 'study_participant',
        targetId: participant.id,
      });
      return { participantId: participant.id, resumed: false };
    });
  // Two first visits at once (a double click): the loser of the unique index finds the winner's row.
  const admitted = await run().catch((error: unknown) => (isUniqueViolation(error) ? run() : Promise.reject(error)));
  return { ...admitted, ticket, projectId: link.projectId };
}
