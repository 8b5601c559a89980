import { createHmac, randomBytes } from 'node:crypto';
import { openSealedText, sealText } from '@/lib/security/sealed-text';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: "whsec_" + 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const PURPOSE = 'webhook-secret-v1';

/** Sealed for storage (lib/security/sealed-text.ts). */
export function encryptWebhookSecret(secret: string): string {
  return sealText(secret, PURPOSE);
}

/** The secret, or null when it was encrypted under another session secret (rotated, or a process with a different one). */
export function decryptWebhookSecret(encrypted: string): string | null {
  return openSealedText(encrypted, PURPOSE);
}

/** The X-PrefLab-Signature header value: "sha256=" + hex HMAC-SHA256 of the raw body with the secret. */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
