import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getOidcConfig } from '@/lib/auth/oidc-config';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';

/** The app_settings key of the admin's switch; "off" turns password sign-in off, anything else (or no row) leaves it on. */
export const PASSWORD_SIGN_IN_KEY = 'auth.password_sign_in';

export type PasswordSignIn = { enabled: boolean; stored: boolean; ssoConfigured: boolean };

/**
 * Whether password sign-in is on: the stored switch, read from the database on each call so every
 * app instance agrees. Off only takes effect while single sign-on is configured, so removing the
 * OIDC_* variables never leaves an instance nobody can sign in to.
 */
export async function getPasswordSignIn(): Promise<PasswordSignIn> {
  const row = await getDb().appSetting.findUnique({ where: { key: PASSWORD_SIGN_IN_KEY }, select: { value: true } });
  const stored = row?.value !== 'off';
  const ssoConfigured = getOidcConfig() !== null;
  return { enabled: stored || !ssoConfigured, stored, ssoConfigured };
}

/**
 * Turns password sign-in on or off (the audit row in the same transaction). Turning it off is
 * refused while single sign-on is not configured. `actorId` null: the operator CLI (the break-glass
 * `npm run cli -- password-sign-in enable`).
 */
export async function setPasswordSignIn(options: { actorId: string | null; enabled: boolean }): Promise<void> {
  if (!options.enabled && getOidcConfig() === null) {
    throw new AppError('CONFLICT', 'Configure single sign-on (OIDC_ISSUER and its client) before turning password sign-in off');
  }
  const value = options.enabled ? 'on' : 'off';
  await getDb().$transaction(async (tx) => {
    const before = await tx.appSetting.findUnique({ where: { key: PASSWORD_SIGN_IN_KEY }, select: { value: true } });
    const was = before?.value !== 'off';
    if (was === options.enabled) return;
    await tx.appSetting.upsert({ where: { key: PASSWORD_SIGN_IN_KEY }, create: { key: PASSWORD_SIGN_IN_KEY, value }, update: { value } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'settings.password_sign_in.set',
      targetType: 'setting',
      targetId: PASSWORD_SIGN_IN_KEY,
      data: { from: was ? 'on' : 'off', to: value },
    });
  });
}
