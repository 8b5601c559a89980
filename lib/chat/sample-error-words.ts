import type { SampleStatus } from '@/lib/chat/chat-rules';

const WORDS: Record<string, string> = {
  rate_limited: 'The model is busy (rate limited).',
  server_error: 'The model’s server had an error.',
  timeout: 'The model took too long to answer.',
  network: 'The connection to the model failed.',
  refused_address: 'The model’s address is not allowed.',
  auth: 'The model refused the app’s credentials.',
  bad_request: 'The model refused the request (the conversation may be too long).',
  malformed: 'The model sent something that is not an answer.',
  cut: 'The answer was cut off mid-way.',
  unavailable: 'This model is no longer available.',
};

/**
 * What a failed side says to the labeler, in words chosen by kind: never the server's own message,
 * which may name the model (the full error is stored for leads in chat_samples.errorDetail).
 */
export function sampleErrorWords(status: SampleStatus, errorKind: string | null): string | null {
  if (status === 'INTERRUPTED') return 'The answer was interrupted (the app restarted). Retry to get a new answer.';
  if (status !== 'ERROR') return null;
  return `${WORDS[errorKind ?? ''] ?? 'The answer failed.'} What arrived is kept, marked incomplete. Retry to get a new answer.`;
}
