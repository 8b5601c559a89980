'use client';

import type { FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type EventChoice = { name: string; description: string };
type Props = {
  projectId: string;
  events: EventChoice[];
  action: Action;
  /** Editing an endpoint: its id and current values; else a new subscription. */
  webhook?: { id: string; url: string; description: string; events: string[] };
};

/**
 * Subscribes an endpoint to events, or edits one. A new endpoint (or "make a new secret") gets a
 * signing secret shown here once.
 */
export function EventWebhookForm({ projectId, events, action, webhook }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const secret = state.ok ? state.result?.secret : undefined;
  const prefix = webhook ? `webhook-${webhook.id.slice(0, 8)}` : 'new-webhook';
  return (
    <form
      {...formProps}
      className="flex flex-col gap-3"
      noValidate
      aria-label={webhook ? `Edit webhook ${webhook.url}` : 'New event webhook'}
    >
      <input type="hidden" name="projectId" value={projectId} />
      {webhook ? <input type="hidden" name="webhookId" value={webhook.id} /> : null}
      <Field id={`${prefix}-url`} label="Endpoint URL" errors={state.errors?.url}>
        <input
          id={`${prefix}-url`}
          name="url"
          type="url"
          defaultValue={webhook?.url ?? ''}
          placeholder="https://ops.example.com/hooks/preflab"
          aria-invalid={Boolean(state.errors?.url)}
          className={inputClass}
        />
      </Field>
      <Field id={`${prefix}-description`} label="Description (optional)" errors={state.errors?.description}>
        <input
          id={`${prefix}-description`}
          name="description"
          defaultValue={webhook?.description ?? ''}
          maxLength={200}
          placeholder="What receives it, who owns it"
          className={inputClass}
        />
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {events.map((e) => (
          <label key={e.name} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="events"
              value={e.name}
              defaultChecked={webhook?.events.includes(e.name) ?? false}
              className="mt-1"
            />
            <span>
              <code className="font-mono text-xs">{e.name}</code> <span className="text-slate-600">{e.description}</span>
            </span>
          </label>
        ))}
        {state.errors?.events ? (
          <p className="text-sm text-red-700" role="alert">
            {state.errors.events.join(' ')}
          </p>
        ) : null}
      </fieldset>
      {webhook ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="rotateSecret" value="true" /> Make a new signing secret (the old one stops verifying at once)
        </label>
      ) : null}
      <FormMessage state={state} />
      {secret ? (
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor={`${prefix}-secret`} className="text-sm font-medium text-amber-900">
            Signing secret (shown once)
          </label>
          <input
            id={`${prefix}-secret`}
            readOnly
            value={secret}
            className={`${inputClass} bg-white font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="text-xs text-amber-900">
            Verify each request: <code className="font-mono">X-PrefLab-Signature</code> is <code className="font-mono">sha256=</code> + hex
            HMAC-SHA256 of the raw body with this secret. Deduplicate on <code className="font-mono">event_id</code>: an event may arrive
            more than once.
          </p>
        </div>
      ) : null}
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? 'Saving…' : webhook ? 'Save changes' : 'Subscribe'}
      </Button>
    </form>
  );
}

/** A one-button form (send a ping, remove the endpoint), with the action's answer beside it. */
export function EventWebhookButton({
  projectId,
  webhookId,
  action,
  label,
  danger = false,
}: {
  projectId: string;
  webhookId: string;
  action: Action;
  label: string;
  danger?: boolean;
}) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex items-center gap-2">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="webhookId" value={webhookId} />
      <button
        type="submit"
        disabled={pending}
        className={`text-xs hover:underline disabled:text-slate-400 ${danger ? 'text-red-700' : 'text-indigo-700'}`}
      >
        {label}
      </button>
      {state.message ? (
        <span role="status" className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
