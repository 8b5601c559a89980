import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { AuthenticatedUser } from '@/lib/auth/authenticate';
import { claimGroups, emailDomainAllowed, resolveRole, type OidcConfig } from '@/lib/auth/oidc-config';
import { ZEmail } from '@/lib/auth/schemas';
import { getDb, type Tx } from '@/lib/db';
import { log } from '@/lib/log';
import { isStorableText } from '@/lib/validation/storable';

/** Why a single sign-on was refused: the login page shows a sentence for each (app/(auth)/login). */
export const OIDC_REFUSALS = ['SsoNoEmail', 'SsoEmailUnverified', 'SsoDomain', 'SsoDeactivated', 'SsoNotLinkable'] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

export type OidcSignIn = { ok: true; user: AuthenticatedUser; created: boolean } | { ok: false; refusal: OidcRefusal };

/**
 * The account for a verified ID token's claims (docs/decisions.md, issue 30 single sign-on):
 * - the email claim names the account; `email_verified: false` is refused, an absent claim is
 *   trusted (Entra ID sends none); OIDC_ALLOWED_DOMAINS limits the domains;
 * - no account with that email: one is created, role from the group map or the default role;
 * - an account with that email signs in (password accounts included), unless deactivated or a
 *   pseudonymous import account;
 * - with a role map configured, the identity provider is the source of truth: each sign-in sets the
 *   mapped role (default role when no group matches), ending the account's other sessions when it
 *   changes, except that the last active administrator is never demoted this way.
 */
export async function signInWithOidc(options: { claims: Record<string, unknown>; config: OidcConfig }): Promise<OidcSignIn> {
  const { claims, config } = options;
  const parsedEmail = ZEmail.safeParse(claims.email);
  if (!parsedEmail.success) return { ok: false, refusal: 'SsoNoEmail' };
  const email = parsedEmail.data;
  // Some providers (Cognito among them) send the flag as a string.
  if (claims.email_verified === false || claims.email_verified === 'false') return { ok: false, refusal: 'SsoEmailUnverified' };
  if (!emailDomainAllowed(email, config.allowedDomains)) return { ok: false, refusal: 'SsoDomain' };
  const mapped =
    config.roleMap && config.roleClaim
      ? resolveRole({ groups: claimGroups(claims, config.roleClaim), roleMap: config.roleMap, defaultRole: config.defaultRole })
      : null;

  return getDb().$transaction(
    async (tx): Promise<OidcSignIn> => {
      // Two first sign-ins of one person (two tabs) must not both try to create the account.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(3, hashtext(${email}))`;
      const found = await tx.user.findUnique({
        where: { email },
        select: { id: true, email: true, name: true, role: true, active: true, sessionVersion: true, importKey: true },
      });
      if (!found) {
        const role = mapped?.role ?? config.defaultRole;
        const user = await tx.user.create({
          data: { email, name: displayName(claims, email), role, passwordHash: null },
          select: { id: true, email: true, name: true, role: true, sessionVersion: true },
        });
        await recordAuditEvent(tx, {
          actorId: user.id,
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          data: { email, role, via: 'oidc', group: mapped?.group ?? null },
        });
        return { ok: true, user, created: true };
      }
      if (found.importKey !== null) return { ok: false, refusal: 'SsoNotLinkable' };
      if (!found.active) return { ok: false, refusal: 'SsoDeactivated' };
      const { importKey: _importKey, active: _active, ...user } = found;
      if (!mapped || mapped.role === found.role) return { ok: true, user, created: false };
      if (found.role === 'ADMIN' && (await isLastActiveAdmin(tx, found.id))) {
        log.warn('single sign-on would demote the last active administrator: role kept', { userId: found.id, mapped: mapped.role });
        return { ok: true, user, created: false };
      }
      const updated = await tx.user.update({
        where: { id: found.id },
        data: { role: mapped.role, sessionVersion: { increment: 1 } },
        select: { id: true, email: true, name: true, role: true, sessionVersion: true },
      });
      await recordAuditEvent(tx, {
        actorId: null,
        action: 'user.role.set',
        targetType: 'user',
        targetId: found.id,
        data: { from: found.role, to: mapped.role, via: 'oidc', group: mapped.group },
      });
      return { ok: true, user: updated, created: false };
    },
    { timeout: 15_000 },
  );
}

/** As guardLastAdmin (lib/users, a floor above): the admins locked so two concurrent demotions cannot both pass. */
async function isLastActiveAdmin(tx: Tx, userId: string): Promise<boolean> {
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`;
  return admins.length === 1 && admins[0]?.id === userId;
}

/** The name claim, else given + family name, else the part of the email before @; at most 100 characters, no control characters. */
function displayName(claims: Record<string, unknown>, email: string): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const name = text(claims.name) || [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const clean = [...name.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 100).join('');
  return clean && isStorableText(clean) ? clean : email.slice(0, email.indexOf('@'));
}
