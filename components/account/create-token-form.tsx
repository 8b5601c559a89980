'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { TOKEN_SCOPES, type TTokenScope } from '@/lib/auth/token-scopes';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = {
  /** Projects the user belongs to (every project for an admin): a token may be limited to one. */
  projects: { id: string; name: string; slug: string }[];
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

const SCOPE_HELP: Record<TTokenScope, string> = {
  import: 'upload JSON Lines files into projects you lead',
  export: 'download dataset snapshots',
  read: 'read projects and results',
};

/** Creates an API token for the signed-in user; the secret is shown here once and never again. */
export function CreateTokenForm({ projects, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [copied, setCopied] = useState<string | null>(null);
  const err = (name: string) => state.errors?.[name];
  const secret = state.ok ? state.result?.token : undefined;
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(secret);
    } catch {
      setCopied(null); // no clipboard access (insecure origin): the field stays selectable
    }
  };
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <Field id="token-name" label="Name" errors={err('name')} hint="Where the token is used, e.g. “trainer on gpu-3”.">
        <input id="token-name" name="name" aria-invalid={Boolean(err('name'))} aria-describedby="token-name-error" className={inputClass} />
      </Field>
      <fieldset className="flex flex-col gap-1" aria-describedby="token-scopes-error">
        <legend className="mb-1 text-sm font-medium text-slate-800">Scopes</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="scopes" value={scope} className="mt-1" />
            <span>
              <span className="font-mono">{scope}</span> <span className="text-slate-500">— {SCOPE_HELP[scope]}</span>
            </span>
          </label>
        ))}
        <div id="token-scopes-error" aria-live="polite">
          {err('scopes')?.map((e) => (
            <p key={e} className="text-sm text-red-700">
              {e}
            </p>
          ))}
        </div>
      </fieldset>
      <Field
        id="token-projectId"
        label="Project"
        errors={err('projectId')}
        hint="Limit the token to one project, or let it reach every project you belong to."
      >
        <select
          id="token-projectId"
          name="projectId"
          defaultValue=""
          aria-invalid={Boolean(err('projectId'))}
          aria-describedby="token-projectId-error"
          className={inputClass}
        >
          <option value="">All my projects</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.slug})
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="token-expiresInDays"
        label="Expires after (days)"
        errors={err('expiresInDays')}
        hint="Leave empty for a token that never expires."
      >
        <input
          id="token-expiresInDays"
          name="expiresInDays"
          type="number"
          min={1}
          max={3650}
          aria-invalid={Boolean(err('expiresInDays'))}
          aria-describedby="token-expiresInDays-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      {secret ? (
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="token-secret" className="text-sm font-medium text-amber-900">
            New token (shown once)
          </label>
          <div className="flex gap-2">
            <input
              id="token-secret"
              readOnly
              value={secret}
              className={`${inputClass} w-full bg-white font-mono text-xs`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="secondary" onClick={copy}>
              {copied === secret ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <p className="text-xs text-amber-900">
            Copy it now and keep it in your client&apos;s secret store: only its hash is kept, so it cannot be shown again. Send it as{' '}
            <code className="font-mono">Authorization: Bearer …</code>.
          </p>
        </div>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create token'}
      </Button>
    </form>
  );
}
