import type { ConnectionTestOutcome } from '@/lib/models/schemas';

const KIND: Record<string, string> = {
  rate_limited: 'rate limited',
  server_error: 'server error',
  timeout: 'timed out',
  network: 'network error',
  refused_address: 'address refused',
  auth: 'not authorised',
  bad_request: 'request refused',
  malformed: 'unreadable answer',
  key: 'key unreadable',
};

const tokens = (n: number | null) => (n === null ? '?' : String(n));

/** What a connection test answered. The answer is untrusted model output: shown as text only, never as HTML. */
export function ConnectionTestResult({ outcome, label }: { outcome: ConnectionTestOutcome; label: string }) {
  if (outcome.ok) {
    return (
      <div role="status" aria-label={label} className="flex flex-col gap-1 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
        <p className="font-medium text-emerald-900">
          Answered in {outcome.latencyMs} ms · finish reason {outcome.finishReason ?? 'not given'} · {tokens(outcome.promptTokens)} prompt +{' '}
          {tokens(outcome.completionTokens)} completion tokens{outcome.model ? ` · model ${outcome.model}` : ''}
        </p>
        <pre className="whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs text-slate-900" data-testid="test-answer">
          {outcome.text === '' ? '(empty answer)' : outcome.text}
        </pre>
      </div>
    );
  }
  return (
    <div role="status" aria-label={label} className="flex flex-col gap-1 rounded-md border border-red-200 bg-red-50 p-3 text-sm">
      <p className="font-medium text-red-900">
        Test failed: {KIND[outcome.kind] ?? outcome.kind}
        {outcome.status !== null ? ` (HTTP ${outcome.status})` : ''}
        {outcome.latencyMs > 0 ? ` after ${outcome.latencyMs} ms` : ''}
      </p>
      <pre className="whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs text-red-900" data-testid="test-error">
        {outcome.message}
      </pre>
    </div>
  );
}
