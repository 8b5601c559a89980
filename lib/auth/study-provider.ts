import CredentialsProvider from 'next-auth/providers/credentials';
import { hashToken } from '@/lib/auth/secret-token';
import { getDb } from '@/lib/db';

/**
 * The `study` sign-in (issue 30): a study-link participant has no password; the study page
 * (app/study/[token]) stores a one-time entry ticket for them (lib/study/admit-participant.ts) and
 * the browser hands it here. The ticket is consumed by one UPDATE, so it signs in once, within its
 * two minutes, and only an active account. Sessions are then the same JWTs as any sign-in.
 */
export function studyCredentialsProvider() {
  return CredentialsProvider({
    id: 'study',
    name: 'Study link',
    credentials: { ticket: { label: 'Ticket', type: 'text' } },
    async authorize(credentials) {
      const ticket = typeof credentials?.ticket === 'string' ? credentials.ticket : '';
      if (ticket.length < 20 || ticket.length > 200) return null;
      const rows = await getDb().$queryRaw<{ userId: string }[]>`
        UPDATE study_participants SET "entryTicketHash" = NULL, "entryTicketExpiresAt" = NULL
        WHERE "entryTicketHash" = ${hashToken(ticket)} AND "entryTicketExpiresAt" > now()
        RETURNING "userId"::text`;
      const userId = rows[0]?.userId;
      if (!userId) return null;
      const user = await getDb().user.findUnique({
        where: { id: userId },
        select: { id: true, email: true, name: true, role: true, active: true, sessionVersion: true },
      });
      if (!user?.active) return null;
      return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
    },
  });
}
