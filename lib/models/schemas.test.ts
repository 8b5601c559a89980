import { describe, expect, it } from 'vitest';
import { ZModelConnectionForm, ZSaveModelConnection } from '@/lib/models/schemas';

const base = { name: 'Policy A', baseUrl: 'http://localhost:8000/v1', model: 'policy-a' };

/** The field errors of a refused form, by field. */
function errorsOf(form: Record<string, unknown>): Record<string, string[]> {
  const parsed = ZModelConnectionForm.safeParse(form);
  expect(parsed.success, JSON.stringify(form)).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of parsed.error!.issues) (out[issue.path.join('.')] ??= []).push(issue.message);
  return out;
}

describe('ZModelConnectionForm', () => {
  it('turns the flat form into settings: only the parameters set, empty rate limit as none, seconds as ms, no trailing slash', () => {
    const input = ZModelConnectionForm.parse({
      ...base,
      baseUrl: ' http://localhost:8000/v1/ ',
      apiKey: '',
      temperature: '0.7',
      top_p: '',
      max_tokens: '512',
      seed: '-3',
      stop: 'END\n\n###',
      maxConcurrency: '8',
      requestsPerMinute: '',
      timeoutSeconds: '1.5',
    });
    expect(input).toEqual({
      ...base,
      apiKey: { action: 'keep' },
      params: { temperature: 0.7, max_tokens: 512, seed: -3, stop: ['END', '###'] },
      maxConcurrency: 8,
      requestsPerMinute: null,
      timeoutMs: 1500,
    });
  });

  it('defaults the limits: 4 at once, no rate limit, 60 s', () => {
    expect(ZModelConnectionForm.parse(base)).toMatchObject({ maxConcurrency: 4, requestsPerMinute: null, timeoutMs: 60_000, params: {} });
  });

  it('keeps, replaces or clears the key', () => {
    expect(ZModelConnectionForm.parse({ ...base, apiKey: ' sk-abc ' }).apiKey).toEqual({ action: 'replace', key: 'sk-abc' });
    expect(ZModelConnectionForm.parse({ ...base, clearApiKey: 'on' }).apiKey).toEqual({ action: 'clear' });
    expect(errorsOf({ ...base, apiKey: 'sk-abc', clearApiKey: 'on' })).toEqual({
      apiKey: ['Either enter a new key or remove the stored one, not both'],
    });
    expect(errorsOf({ ...base, apiKey: 'sk abc' })).toEqual({ apiKey: ['An API key is printable ASCII without spaces'] });
  });

  it.each([
    ['ftp://host/v1', 'The base URL must start with http:// or https://'],
    ['localhost:8000/v1', 'The base URL must start with http:// or https://'],
    ['not a url', 'Enter an http:// or https:// URL, e.g. http://localhost:8000/v1'],
    ['http://user:secret@host/v1', 'Put the API key in its own field, not in the URL (no user:password@)'],
    ['http://host/v1?key=abc', 'The base URL takes no query (?…) or fragment (#…): requests go to the base URL + /chat/completions'],
    ['http://host/v1#x', 'The base URL takes no query (?…) or fragment (#…): requests go to the base URL + /chat/completions'],
    ['http://host/v1/chat/completions', 'Leave out /chat/completions: the base URL ends at the version, e.g. …/v1'],
    ['', 'Enter the base URL, e.g. http://localhost:8000/v1'],
  ])('refuses the base URL %j, naming the field', (baseUrl, message) => {
    expect(errorsOf({ ...base, baseUrl })).toEqual({ baseUrl: [message] });
  });

  it.each([
    ['temperature', '2.5', 'Temperature must be from 0 to 2'],
    ['temperature', 'hot', 'Temperature must be a number'],
    ['top_p', '0', 'Top p must be above 0 and at most 1'],
    ['max_tokens', '1.5', 'Max tokens must be a whole number'],
    ['max_tokens', '0', 'Max tokens must be from 1 to 1000000'],
    ['presence_penalty', '-3', 'Presence penalty must be from -2 to 2'],
    ['frequency_penalty', '2.1', 'Frequency penalty must be from -2 to 2'],
    ['stop', 'a\nb\nc\nd\ne', 'At most 4 stop sequences (one per line)'],
    ['maxConcurrency', '0', 'Max concurrency must be from 1 to 256'],
    ['maxConcurrency', '257', 'Max concurrency must be from 1 to 256'],
    ['requestsPerMinute', '0', 'Requests per minute must be from 1 to 100000'],
    ['requestsPerMinute', '100001', 'Requests per minute must be from 1 to 100000'],
    ['timeoutSeconds', '0', 'Timeout (seconds) must be from 1 to 600'],
    ['timeoutSeconds', '601', 'Timeout (seconds) must be from 1 to 600'],
    ['name', '  ', 'Enter a name'],
    ['model', '', 'Enter the model name the server serves'],
  ])('refuses %s = %j, naming the field', (field, value, message) => {
    expect(errorsOf({ ...base, [field]: value })).toEqual({ [field]: [message] });
  });
});

describe('ZSaveModelConnection', () => {
  it('carries the connection being edited, or none', () => {
    const id = '6f1c4b1e-8a53-4c55-9a43-2f0f3c7f1d2e';
    expect(ZSaveModelConnection.parse({ ...base, connectionId: id }).connectionId).toBe(id);
    expect(ZSaveModelConnection.parse({ ...base, connectionId: '' }).connectionId).toBeUndefined();
    expect(ZSaveModelConnection.safeParse({ ...base, connectionId: 'nope' }).success).toBe(false);
  });
});
