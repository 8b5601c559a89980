import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: "whsec_" + 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The encryption key: HKDF-SHA256 of the session secret every instance shares (env or app_settings). */
function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', getEnv().NEXTAUTH_SECRET, 'preference-lab', 'webhook-secret-v1', 32));
}

/** "v1." + base64url(iv ‖ tag ‖ ciphertext), AES-256-GCM. */
export function encryptWebhookSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
}

/** The secret, or null when it was encrypted under another session secret (rotated, or a process with a different one). */
export function decryptWebhookSecret(encrypted: string): string | null {
  if (!encrypted.startsWith('v1.')) return null;
  const raw = Buffer.from(encrypted.slice(3), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** The X-PrefLab-Signature header value: "sha256=" + hex HMAC-SHA256 of the raw body with the secret. */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
