import { API_KEY_PURPOSE } from '@/lib/models/get-chat-target';
import { sealText } from '@/lib/security/sealed-text';

/** Sealed for the row (lib/security/sealed-text.ts, the model-API-key purpose); opened only by getChatTarget and the test. */
export function sealApiKey(key: string): string {
  return sealText(key, API_KEY_PURPOSE);
}

/**
 * The last 4 characters, to recognise a key on screen ("…abcd"); empty for a key under 12 characters,
 * where 4 characters would give away too much of it.
 */
export function apiKeyHint(key: string): string {
  return key.length >= 12 ? key.slice(-4) : '';
}

/**
 * `text` with every occurrence of the key replaced by its hint: a server's error message or answer is
 * shown to the lead as it came, but a server that echoes the Authorization header must not put the
 * key on a page.
 */
export function redactApiKey(text: string, key: string | null): string {
  if (!key) return text;
  return text.split(key).join(`[API key …${apiKeyHint(key)}]`);
}
