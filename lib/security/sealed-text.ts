import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getEnv } from '@/lib/env';

/**
 * Secrets the app must send on later (webhook signing secrets, model API keys) are stored sealed:
 * AES-256-GCM under a key derived (HKDF-SHA256) from the session secret every instance shares, one
 * key per `purpose`, so a value sealed for one use cannot be opened as another.
 */
function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', getEnv().NEXTAUTH_SECRET, 'preference-lab', purpose, 32));
}

/** "v1." + base64url(iv ‖ tag ‖ ciphertext). */
export function sealText(text: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
}

/** The text, or null when it was sealed under another session secret (rotated) or for another purpose. */
export function openSealedText(sealed: string, purpose: string): string | null {
  if (!sealed.startsWith('v1.')) return null;
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
