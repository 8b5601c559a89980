'use client';

import Link from 'next/link';
import { startTransition, useActionState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import type { ConnectionTestState, SamplingParams } from '@/lib/models/schemas';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { ConnectionTestResult } from '@/components/models/connection-test-result';

export type EditedConnection = {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  hasApiKey: boolean;
  apiKeyHint: string | null;
  params: SamplingParams;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  timeoutMs: number;
};

type Props = {
  projectId?: string;
  /** Editing this connection; absent: adding one. */
  connection?: EditedConnection;
  cancelHref?: string;
  saveAction: (state: FormState, data: FormData) => Promise<FormState>;
  testAction: (state: ConnectionTestState, data: FormData) => Promise<ConnectionTestState>;
};

const SAMPLING: { name: keyof SamplingParams; label: string; step: string; hint: string }[] = [
  { name: 'temperature', label: 'Temperature', step: 'any', hint: '0 to 2' },
  { name: 'top_p', label: 'Top p', step: 'any', hint: 'above 0, at most 1' },
  { name: 'max_tokens', label: 'Max tokens', step: '1', hint: 'per answer' },
  { name: 'seed', label: 'Seed', step: '1', hint: 'where the server takes one' },
  { name: 'presence_penalty', label: 'Presence penalty', step: 'any', hint: '−2 to 2' },
  { name: 'frequency_penalty', label: 'Frequency penalty', step: 'any', hint: '−2 to 2' },
];

/**
 * Adds or edits a connection. The API key is write-only: never sent to the browser, left empty to
 * keep the stored one. "Test connection" sends the form's values (the stored key when the key field
 * is empty) without saving them.
 */
export function ConnectionForm({ projectId, connection, cancelHref, saveAction, testAction }: Props) {
  const { state, pending, formProps } = useFormAction(saveAction);
  const [testState, testDispatch, testing] = useActionState(testAction, {});
  const errors = { ...testState.errors, ...state.errors };
  const id = (name: string) => `mc-${name}`;
  const invalid = (name: string) => ({ 'aria-invalid': Boolean(errors[name]), 'aria-describedby': `${id(name)}-error` });
  const runTest = () => {
    const form = formProps.ref.current;
    if (form) startTransition(() => testDispatch(new FormData(form)));
  };
  const params = connection?.params ?? {};
  const keyHint = connection?.hasApiKey
    ? `Stored encrypted${connection.apiKeyHint ? ` (…${connection.apiKeyHint})` : ''}; never shown again. Leave empty to keep it.`
    : 'Stored encrypted and never shown again. Leave empty when the server takes no key.';

  return (
    <form
      {...formProps}
      className="flex flex-col gap-4"
      noValidate
      aria-label={connection ? `Edit ${connection.name}` : 'New model connection'}
    >
      {projectId ? <input type="hidden" name="projectId" value={projectId} /> : null}
      {connection ? <input type="hidden" name="connectionId" value={connection.id} /> : null}
      <Field id={id('name')} label="Name" errors={errors.name} hint="How leads pick it when generating.">
        <input id={id('name')} name="name" defaultValue={connection?.name} className={inputClass} {...invalid('name')} />
      </Field>
      <Field
        id={id('baseUrl')}
        label="Base URL"
        errors={errors.baseUrl}
        hint="Up to the version path; requests go to it + /chat/completions. vLLM http://host:8000/v1 · llama.cpp http://host:8080/v1 · Ollama http://host:11434/v1 · TGI http://host:8080/v1 · LiteLLM http://host:4000/v1 · OpenAI https://api.openai.com/v1"
      >
        <input
          id={id('baseUrl')}
          name="baseUrl"
          type="url"
          defaultValue={connection?.baseUrl}
          placeholder="http://localhost:8000/v1"
          className={inputClass}
          {...invalid('baseUrl')}
        />
      </Field>
      <Field id={id('model')} label="Model" errors={errors.model} hint="The model field of each request, as the server names it.">
        <input id={id('model')} name="model" defaultValue={connection?.model} className={`${inputClass} font-mono`} {...invalid('model')} />
      </Field>
      <Field id={id('apiKey')} label="API key" errors={errors.apiKey} hint={keyHint}>
        <input
          id={id('apiKey')}
          name="apiKey"
          type="password"
          autoComplete="off"
          placeholder={connection?.hasApiKey ? 'leave empty to keep' : 'none'}
          className={`${inputClass} font-mono`}
          {...invalid('apiKey')}
        />
      </Field>
      {connection?.hasApiKey ? (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="clearApiKey" /> Remove the stored key
        </label>
      ) : null}

      <fieldset className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
        <legend className="px-1 text-sm font-medium text-slate-800">Default sampling parameters (empty: the server’s default)</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {SAMPLING.map((p) => (
            <Field key={p.name} id={id(p.name)} label={p.label} errors={errors[p.name]} hint={p.hint}>
              <input
                id={id(p.name)}
                name={p.name}
                type="number"
                step={p.step}
                defaultValue={params[p.name] === undefined ? '' : String(params[p.name])}
                className={inputClass}
                {...invalid(p.name)}
              />
            </Field>
          ))}
        </div>
        <Field id={id('stop')} label="Stop sequences" errors={errors.stop} hint="One per line, up to 4.">
          <textarea
            id={id('stop')}
            name="stop"
            rows={2}
            defaultValue={params.stop?.join('\n') ?? ''}
            className={inputClass}
            {...invalid('stop')}
          />
        </Field>
      </fieldset>

      <fieldset className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-3">
        <legend className="px-1 text-sm font-medium text-slate-800">Limits (across every app instance)</legend>
        <Field id={id('maxConcurrency')} label="Max concurrency" errors={errors.maxConcurrency} hint="Requests in flight, 1–256.">
          <input
            id={id('maxConcurrency')}
            name="maxConcurrency"
            type="number"
            step="1"
            defaultValue={connection?.maxConcurrency ?? 4}
            className={inputClass}
            {...invalid('maxConcurrency')}
          />
        </Field>
        <Field id={id('requestsPerMinute')} label="Requests per minute" errors={errors.requestsPerMinute} hint="Empty: no limit.">
          <input
            id={id('requestsPerMinute')}
            name="requestsPerMinute"
            type="number"
            step="1"
            defaultValue={connection?.requestsPerMinute ?? ''}
            className={inputClass}
            {...invalid('requestsPerMinute')}
          />
        </Field>
        <Field id={id('timeoutSeconds')} label="Timeout (seconds)" errors={errors.timeoutSeconds} hint="Per request, 1–600.">
          <input
            id={id('timeoutSeconds')}
            name="timeoutSeconds"
            type="number"
            step="any"
            defaultValue={connection ? connection.timeoutMs / 1000 : 60}
            className={inputClass}
            {...invalid('timeoutSeconds')}
          />
        </Field>
      </fieldset>

      <FormMessage state={state} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : connection ? 'Save changes' : 'Add connection'}
        </Button>
        <Button type="button" variant="secondary" disabled={testing} onClick={runTest}>
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
        {cancelHref ? (
          <Link href={cancelHref} className="text-sm text-indigo-700 hover:underline">
            Cancel
          </Link>
        ) : null}
      </div>
      <div aria-live="polite">
        {testState.test ? <ConnectionTestResult outcome={testState.test} label="Test of the form's values" /> : null}
        {!testState.test && testState.message ? <p className="text-sm text-red-700">{testState.message}</p> : null}
      </div>
    </form>
  );
}
