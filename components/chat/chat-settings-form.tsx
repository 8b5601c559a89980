'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { TChatSettings } from '@/lib/projects/chat-settings';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** The lead's chat battle settings (issue 26): weight in the task mix, the connections in play and their weights, the rules and limits. */
export function ChatSettingsForm(props: {
  projectId: string;
  weight: number;
  settings: TChatSettings;
  connections: { id: string; name: string }[];
  action: Action;
}) {
  const { settings } = props;
  const { state, pending, formProps } = useFormAction(props.action);
  const errors = state.errors ?? {};
  const weights = new Map(settings.connections.map((c) => [c.connectionId, c.weight]));
  const number = (name: string, label: string, value: number, hint?: string) => (
    <Field id={`chat-${name}`} label={label} errors={errors[name]} {...(hint ? { hint } : {})}>
      <input
        id={`chat-${name}`}
        name={name}
        type="number"
        defaultValue={value}
        className={inputClass}
        aria-describedby={`chat-${name}-error`}
      />
    </Field>
  );
  const select = (name: string, label: string, value: string, options: [string, string][]) => (
    <Field id={`chat-${name}`} label={label} errors={errors[name]}>
      <select id={`chat-${name}`} name={name} defaultValue={value} className={inputClass}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex max-w-3xl flex-col gap-4">
      <input type="hidden" name="projectId" value={props.projectId} />
      <div className="grid grid-cols-2 gap-3">
        {number('chatWeight', 'Chat weight in the task mix', props.weight, '0 turns chat battles off')}
        {number('sides', 'Models per battle', settings.sides, '2 to 4')}
        {select('pairSelection', 'Pair selection', settings.pairSelection, [
          ['uniform', 'Uniform'],
          ['weighted', 'Weighted (by the weights below)'],
          ['active', 'Active (where the leaderboard is least sure)'],
        ])}
        {select('prompts', 'Prompts', settings.prompts, [
          ['own', 'Labelers write their own'],
          ['seed', 'Start from the project’s items'],
        ])}
        {select('continuation', 'Continuing a conversation', settings.continuation, [
          ['separate', 'Each model its own thread (Arena)'],
          ['shared', 'The preferred answer becomes the history (Open Assistant)'],
        ])}
        {number('maxPromptChars', 'Prompt length limit (characters)', settings.maxPromptChars)}
        {number('maxTurns', 'Turn limit', settings.maxTurns)}
        {number(
          'callsPerMinute',
          'Model calls per labeler per minute',
          settings.callsPerMinute,
          'Each side of each prompt or retry is one call',
        )}
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="revealAfterVote" defaultChecked={settings.revealAfterVote} />
        Reveal the models’ names to the labeler when they finish a conversation
      </label>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Connections in play</legend>
        {props.connections.length === 0 ? <p className="text-sm text-slate-600">No model connections yet.</p> : null}
        {props.connections.map((c) => (
          <div key={c.id} className="flex items-center gap-3">
            <label className="flex min-w-48 items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="connection" value={c.id} defaultChecked={weights.has(c.id)} />
              {c.name}
            </label>
            <label className="flex items-center gap-1 text-xs text-slate-700">
              Weight
              <input
                name={`weight:${c.id}`}
                type="number"
                min={0}
                step="any"
                defaultValue={weights.get(c.id) ?? 1}
                className={`${inputClass} w-24`}
              />
            </label>
          </div>
        ))}
        <div id="chat-connections-error" aria-live="polite">
          {errors.connections?.map((e) => (
            <p key={e} className="text-sm text-red-700">
              {e}
            </p>
          ))}
        </div>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save chat settings
        </Button>
        <p aria-live="polite" className={`text-sm ${state.ok ? 'text-green-700' : 'text-red-700'}`}>
          {state.message}
        </p>
      </div>
    </form>
  );
}
