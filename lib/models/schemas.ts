import { z } from 'zod';

/** One message of a Chat Completions conversation. */
export const ZChatMessage = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
export type ChatMessage = z.infer<typeof ZChatMessage>;

/**
 * Sampling parameters sent with a request (the OpenAI Chat Completions names, which vLLM, TGI,
 * llama.cpp's server, Ollama and LiteLLM read too). Only those set are sent: a server that rejects
 * one it does not know answers 400, and the client reports the server's own message.
 */
export const ZSamplingParams = z
  .object({
    temperature: z.number().min(0).max(2),
    top_p: z.number().gt(0).max(1),
    max_tokens: z.number().int().positive().max(1_000_000),
    seed: z.number().int(),
    stop: z.array(z.string().min(1)).max(4),
    presence_penalty: z.number().min(-2).max(2),
    frequency_penalty: z.number().min(-2).max(2),
  })
  .partial()
  .strict();
export type SamplingParams = z.infer<typeof ZSamplingParams>;

// ─── Model connections (issue 24): the lead's and the admin's form ────────────────────────────────

/** What the test request of a connection answers (test-model-connection.ts): the answer, or the exact error. */
export type ConnectionTestOutcome =
  | {
      ok: true;
      /** Untrusted model output: render as text, never as HTML. */
      text: string;
      finishReason: string | null;
      promptTokens: number | null;
      completionTokens: number | null;
      model: string | null;
      latencyMs: number;
    }
  | { ok: false; kind: string; status: number | null; message: string; latencyMs: number };

/** A form action's answer for the test button: FormState's fields and the outcome. */
export type ConnectionTestState = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[]>;
  test?: ConnectionTestOutcome;
};

export const ZModelConnectionId = z.uuid({ message: 'Unknown model connection' });

/** Empty form fields are "not set". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function formNumber(label: string, options: { min: number; max: number; int?: boolean; above?: boolean }) {
  let n = z.coerce.number({ message: `${label} must be a number` });
  if (options.int) n = n.int({ message: `${label} must be a whole number` });
  n = options.above
    ? n.gt(options.min, { message: `${label} must be above ${options.min} and at most ${options.max}` })
    : n.min(options.min, { message: `${label} must be from ${options.min} to ${options.max}` });
  return n.max(options.max, { message: `${label} must be from ${options.min} to ${options.max}` });
}

const optionalNumber = (label: string, options: Parameters<typeof formNumber>[1]) =>
  z.preprocess(blankToUndefined, formNumber(label, options).optional());

/**
 * The base URL up to the version path (the client POSTs to baseUrl + /chat/completions): http or
 * https, no user:password (the key has its own field, stored sealed), no query or fragment. Stored
 * without trailing slashes.
 */
export const ZBaseUrl = z
  .string({ message: 'Enter the base URL' })
  .trim()
  .min(1, { message: 'Enter the base URL, e.g. http://localhost:8000/v1' })
  .max(2000, { message: 'The base URL is too long (2000 characters at most)' })
  .superRefine((value, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message, input: value });
    if (value === '') return; // already refused: "Enter the base URL"
    if (!URL.canParse(value)) return fail('Enter an http:// or https:// URL, e.g. http://localhost:8000/v1');
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('The base URL must start with http:// or https://');
    if (url.username || url.password) return fail('Put the API key in its own field, not in the URL (no user:password@)');
    if (value.includes('?') || value.includes('#'))
      return fail('The base URL takes no query (?…) or fragment (#…): requests go to the base URL + /chat/completions');
    if (/\/chat\/completions\/*$/.test(url.pathname))
      return fail('Leave out /chat/completions: the base URL ends at the version, e.g. …/v1');
  })
  .transform((value) => value.replace(/\/+$/, ''));

const ZApiKeyText = z
  .string()
  .trim()
  .max(4096, { message: 'The API key is too long (4096 characters at most)' })
  .regex(/^[\x21-\x7e]*$/, { message: 'An API key is printable ASCII without spaces' });

/** A checkbox: "on" when ticked, absent otherwise. */
const ZCheckbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

/** The key is write-only: a form either keeps the stored one (field left empty), replaces it, or clears it. */
export type ApiKeyChange = { action: 'keep' } | { action: 'replace'; key: string } | { action: 'clear' };

const ZConnectionFields = z.object({
  name: z
    .string({ message: 'Enter a name' })
    .trim()
    .min(1, { message: 'Enter a name' })
    .max(100, { message: 'The name is too long (100 characters at most)' }),
  baseUrl: ZBaseUrl,
  model: z
    .string({ message: 'Enter the model name the server serves' })
    .trim()
    .min(1, { message: 'Enter the model name the server serves' })
    .max(300, { message: 'The model name is too long (300 characters at most)' }),
  apiKey: z.preprocess((v) => v ?? '', ZApiKeyText),
  clearApiKey: ZCheckbox,
  temperature: optionalNumber('Temperature', { min: 0, max: 2 }),
  top_p: optionalNumber('Top p', { min: 0, max: 1, above: true }),
  max_tokens: optionalNumber('Max tokens', { min: 1, max: 1_000_000, int: true }),
  seed: optionalNumber('Seed', { min: -(2 ** 53 - 1), max: 2 ** 53 - 1, int: true }),
  /** One stop sequence per line, up to 4. */
  stop: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/\r?\n/).filter((line) => line !== '') : v),
    z
      .array(z.string().max(200, { message: 'A stop sequence is 200 characters at most' }))
      .max(4, { message: 'At most 4 stop sequences (one per line)' })
      .optional(),
  ),
  presence_penalty: optionalNumber('Presence penalty', { min: -2, max: 2 }),
  frequency_penalty: optionalNumber('Frequency penalty', { min: -2, max: 2 }),
  maxConcurrency: z.preprocess(blankToUndefined, formNumber('Max concurrency', { min: 1, max: 256, int: true }).default(4)),
  /** Empty: no limit. */
  requestsPerMinute: z.preprocess(
    blankToUndefined,
    formNumber('Requests per minute', { min: 1, max: 100_000, int: true }).nullable().default(null),
  ),
  timeoutSeconds: z.preprocess(blankToUndefined, formNumber('Timeout (seconds)', { min: 1, max: 600 }).default(60)),
});
type ConnectionFields = z.output<typeof ZConnectionFields>;

function checkKeyChange(form: ConnectionFields, ctx: z.RefinementCtx) {
  if (form.clearApiKey && form.apiKey !== '')
    ctx.addIssue({
      code: 'custom',
      path: ['apiKey'],
      message: 'Either enter a new key or remove the stored one, not both',
      input: form.apiKey,
    });
}

function toInput(form: ConnectionFields) {
  const { apiKey, clearApiKey, maxConcurrency, requestsPerMinute, timeoutSeconds, name, baseUrl, model, stop, ...sampling } = form;
  const params: SamplingParams = {};
  for (const [key, value] of Object.entries(sampling)) if (value !== undefined) Object.assign(params, { [key]: value });
  if (stop && stop.length > 0) params.stop = stop;
  const change: ApiKeyChange = clearApiKey ? { action: 'clear' } : apiKey ? { action: 'replace', key: apiKey } : { action: 'keep' };
  return {
    name,
    baseUrl,
    model,
    apiKey: change,
    params: ZSamplingParams.parse(params),
    maxConcurrency,
    requestsPerMinute,
    timeoutMs: Math.round(timeoutSeconds * 1000),
  };
}

/**
 * A connection's add/edit form (flat fields, as FormData sends them) as TModelConnectionInput;
 * every refusal names its field. On create, "keep" means no key.
 */
export const ZModelConnectionForm = ZConnectionFields.superRefine(checkKeyChange).transform(toInput);
export type TModelConnectionInput = z.output<typeof ZModelConnectionForm>;

/** The add/edit form's submit (and its test button): the form, and the connection when editing. */
export const ZSaveModelConnection = ZConnectionFields.extend({
  connectionId: z.preprocess(blankToUndefined, ZModelConnectionId.optional()),
})
  .superRefine(checkKeyChange)
  .transform(({ connectionId, ...form }) => ({ connectionId, input: toInput(form) }));

export const ZArchiveModelConnection = z.object({ connectionId: ZModelConnectionId });
export const ZTestSavedModelConnection = z.object({ connectionId: ZModelConnectionId });
