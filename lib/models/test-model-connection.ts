import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { redactApiKey } from '@/lib/models/api-key';
import { authorizeConnectionScope, type ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { chatCompletion, ModelCallError } from '@/lib/models/chat-completion';
import { findConnectionInScope } from '@/lib/models/connection-row';
import { API_KEY_PURPOSE } from '@/lib/models/get-chat-target';
import { ZSamplingParams, type ConnectionTestOutcome, type TModelConnectionInput } from '@/lib/models/schemas';
import { openSealedText } from '@/lib/security/sealed-text';

export const TEST_PROMPT = 'Reply with the word OK.';
export const TEST_MAX_TOKENS = 16;

/**
 * Sends one short request ("Reply with the word OK.", max_tokens 16, with the connection's other
 * default parameters, so a server that rejects one says so now) to a saved connection
 * (`connectionId`), to a form's values (`input`), or to a form's values for a saved connection
 * (`input` + `connectionId`, the stored key kept when the form leaves the key empty). Answers the text,
 * latency, tokens and finish reason, or the error in the server's own words; the key is never in it.
 * Changing the address while keeping the stored key needs the right to edit that connection.
 * `allowPrivateHosts` overrides MODEL_ALLOW_PRIVATE_HOSTS (tests).
 */
export async function testModelConnection(options: {
  actor: ConnectionActor;
  projectId: string | null;
  connectionId?: string;
  input?: TModelConnectionInput;
  allowPrivateHosts?: boolean;
}): Promise<ConnectionTestOutcome> {
  const { actor, projectId, connectionId, input } = options;
  await authorizeConnectionScope({ actor, projectId });
  const saved = connectionId ? await findConnectionInScope(getDb(), { connectionId, projectId }) : null;
  if (saved && input && saved.projectId !== projectId) await authorizeConnectionScope({ actor, projectId: saved.projectId });
  if (!input && !saved) throw new Error('testModelConnection needs a connection or a form');
  const settings = input ?? {
    baseUrl: saved!.baseUrl,
    model: saved!.model,
    params: ZSamplingParams.catch({}).parse(saved!.params),
    timeoutMs: saved!.timeoutMs,
  };

  let apiKey: string | null = null;
  if (input?.apiKey.action === 'replace') apiKey = input.apiKey.key;
  else if (input?.apiKey.action !== 'clear' && saved?.apiKeyEncrypted) {
    apiKey = openSealedText(saved.apiKeyEncrypted, API_KEY_PURPOSE);
    if (apiKey === null) {
      return {
        ok: false,
        kind: 'key',
        status: null,
        message: 'The stored API key cannot be read (the session secret changed): enter it again.',
        latencyMs: 0,
      };
    }
  }

  const started = performance.now();
  const deadline = AbortSignal.timeout(settings.timeoutMs);
  try {
    const answer = await chatCompletion(
      {
        baseUrl: settings.baseUrl,
        model: settings.model,
        apiKey,
        timeoutMs: settings.timeoutMs,
        allowPrivateHosts: options.allowPrivateHosts ?? getEnv().MODEL_ALLOW_PRIVATE_HOSTS,
      },
      { messages: [{ role: 'user', content: TEST_PROMPT }], params: { ...settings.params, max_tokens: TEST_MAX_TOKENS }, signal: deadline },
    );
    return { ok: true, ...answer, text: redactApiKey(answer.text, apiKey), model: answer.model && redactApiKey(answer.model, apiKey) };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    if (error instanceof ModelCallError) {
      const message = redactApiKey(error.message, apiKey);
      // For the operator when a lead reports a failing test: the same words the lead saw, never the key.
      log.info('model connection test failed', { connectionId: connectionId ?? null, kind: error.kind, status: error.status, message });
      return { ok: false, kind: error.kind, status: error.status, message, latencyMs };
    }
    if (deadline.aborted) {
      return { ok: false, kind: 'timeout', status: null, message: `no answer within ${settings.timeoutMs / 1000} s`, latencyMs };
    }
    throw error;
  }
}
