'use client';

import type { FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId: string; url: string | null; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Sets the trainer webhook URL; each save generates a new signing secret, shown here once. */
export function WebhookForm({ projectId, url, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const secret = state.ok ? state.result?.secret : undefined;
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate aria-label="Trainer webhook">
      <input type="hidden" name="projectId" value={projectId} />
      <Field
        id="webhook-url"
        label="Webhook URL"
        errors={state.errors?.url}
        hint="POSTed on every new ready snapshot, signed with X-PrefLab-Signature."
      >
        <input
          id="webhook-url"
          name="url"
          type="url"
          defaultValue={url ?? ''}
          placeholder="https://trainer.example.com/hooks/preflab"
          aria-invalid={Boolean(state.errors?.url)}
          aria-describedby="webhook-url-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      {secret ? (
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="webhook-secret" className="text-sm font-medium text-amber-900">
            Signing secret (shown once)
          </label>
          <input
            id="webhook-secret"
            readOnly
            value={secret}
            className={`${inputClass} bg-white font-mono text-xs`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <p className="text-xs text-amber-900">
            Verify each request: <code className="font-mono">X-PrefLab-Signature</code> is <code className="font-mono">sha256=</code> + hex
            HMAC-SHA256 of the raw body with this secret. It cannot be shown again; saving the URL again makes a new one.
          </p>
        </div>
      ) : null}
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? 'Saving…' : url ? 'Save and make a new secret' : 'Save'}
      </Button>
    </form>
  );
}
