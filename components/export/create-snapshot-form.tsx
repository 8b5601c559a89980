'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { FORMAT_INFO } from '@/lib/export/format-fields';
import { EXPORT_FORMATS, PAIR_FORMATS, type ExportFormat } from '@/lib/export/types';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = {
  projectId: string;
  /** Response flags of the project's current taxonomy. */
  flags: { key: string; label: string }[];
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

const TIE_FORMATS: ExportFormat[] = ['pairs', 'pairs-chat'];

/** Every export option; options that do not apply to the chosen format are disabled (and not sent). */
export function CreateSnapshotForm({ projectId, flags, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [format, setFormat] = useState<ExportFormat>('pairs');
  const [mode, setMode] = useState('per-labeler');
  const err = (name: string) => state.errors?.[name];
  const pairOnly = !(PAIR_FORMATS as readonly string[]).includes(format);
  const described = (name: string) => ({ 'aria-invalid': Boolean(err(name)), 'aria-describedby': `export-${name}-error` });
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate aria-label="New snapshot">
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="export-format" label="Format" errors={err('format')} hint={FORMAT_INFO[format].summary}>
        <select id="export-format" name="format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} className={inputClass} {...described('format')}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_INFO[f].title}
            </option>
          ))}
        </select>
      </Field>
      <fieldset disabled={pairOnly} className="flex flex-col gap-4 disabled:opacity-50">
        <legend className="sr-only">Pair options</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="export-mode" label="Pairs" errors={err('mode')} hint="Per labeler: every judgment's pairs (openai-dpo: always consensus). Consensus: the pairwise majority, cycles tied.">
            <select id="export-mode" name="mode" value={mode} onChange={(e) => setMode(e.target.value)} className={inputClass} {...described('mode')}>
              <option value="per-labeler">Per labeler</option>
              <option value="consensus">Consensus</option>
            </select>
          </Field>
          <Field id="export-ties" label="Ties" errors={err('ties')} hint={TIE_FORMATS.includes(format) ? 'Kept ties get "tie": true.' : 'This format cannot hold ties: always dropped.'}>
            <select id="export-ties" name="ties" defaultValue="drop" disabled={!TIE_FORMATS.includes(format)} className={inputClass} {...described('ties')}>
              <option value="drop">Drop</option>
              <option value="keep">Keep</option>
            </select>
          </Field>
          <Field id="export-margin" label="Margin" errors={err('margin')} hint="None: no margin column. Vote share or Likert difference, as a float.">
            <select id="export-margin" name="margin" defaultValue="none" className={inputClass} {...described('margin')}>
              <option value="none">None</option>
              <option value="votes">Votes</option>
              <option value="likert">Likert</option>
            </select>
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="export-margin_missing" label="Pairs without a margin" errors={err('margin_missing')} hint="An unscored response: leave the pair out (counted), or margin 0.0.">
            <select id="export-margin_missing" name="margin_missing" defaultValue="skip" className={inputClass} {...described('margin_missing')}>
              <option value="skip">Leave out</option>
              <option value="zero">Margin 0.0</option>
            </select>
          </Field>
          <Field id="export-pair_weight" label="Weights sum to 1 per" errors={err('pair_weight')} hint="The weight column: per expanded ranking, or per prompt.">
            <select id="export-pair_weight" name="pair_weight" defaultValue="ranking" className={inputClass} {...described('pair_weight')}>
              <option value="ranking">Ranking</option>
              <option value="prompt">Prompt</option>
            </select>
          </Field>
          <Field id="export-prompt_template" label="Prompt template" errors={err('prompt_template')} hint={'Pairs: hh ("\\n\\nHuman: …\\n\\nAssistant:", replies after a space) or the bare prompt.'}>
            <select id="export-prompt_template" name="prompt_template" defaultValue="hh" disabled={format !== 'pairs'} className={inputClass} {...described('prompt_template')}>
              <option value="hh">hh</option>
              <option value="none">None</option>
            </select>
          </Field>
          <Field id="export-multi_turn" label="Conversations" errors={err('multi_turn')} hint="Pairs and hh: render with the template, or leave out (counted).">
            <select id="export-multi_turn" name="multi_turn" defaultValue="render" disabled={format !== 'pairs' && format !== 'hh'} className={inputClass} {...described('multi_turn')}>
              <option value="render">Render</option>
              <option value="skip">Leave out</option>
            </select>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="margin_signed" /> Keep negative margins (Likert scores that contradict the ranking)
        </label>
        <Field id="export-min_votes" label="Minimum votes per pair" errors={err('min_votes')} hint="Consensus mode only.">
          <input id="export-min_votes" name="min_votes" type="number" min={1} defaultValue={1} disabled={mode !== 'consensus'} className={inputClass} {...described('min_votes')} />
        </Field>
        {flags.length > 0 ? (
          <fieldset className="flex flex-col gap-1" aria-describedby="export-exclude_flags-error">
            <legend className="mb-1 text-sm font-medium text-slate-800">Leave out responses flagged</legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {flags.map((f) => (
                <label key={f.key} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="exclude_flags" value={f.key} />
                  {f.label} <span className="font-mono text-xs text-slate-500">{f.key}</span>
                </label>
              ))}
            </div>
            <div id="export-exclude_flags-error" aria-live="polite">
              {err('exclude_flags')?.map((e) => (
                <p key={e} className="text-sm text-red-700">
                  {e}
                </p>
              ))}
            </div>
          </fieldset>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="export-min_agreement" label="Minimum item agreement (0–1)" errors={err('min_agreement')} hint="Empty: every item. Items with fewer than two rankings are left out when set.">
          <input id="export-min_agreement" name="min_agreement" type="number" min={0} max={1} step={0.05} className={inputClass} {...described('min_agreement')} />
        </Field>
        <Field id="export-validation_share" label="Validation share (0–1)" errors={err('validation_share')} hint="By a hash of the split key: stable across exports.">
          <input id="export-validation_share" name="validation_share" type="number" min={0} max={1} step={0.01} defaultValue={0.1} className={inputClass} {...described('validation_share')} />
        </Field>
        <Field id="export-split_by" label="Split by" errors={err('split_by')} hint="conversation, first_turn, or metadata:FIELD (e.g. metadata:prompt_id).">
          <input id="export-split_by" name="split_by" type="text" defaultValue="conversation" list="export-split-keys" className={inputClass} {...described('split_by')} />
          <datalist id="export-split-keys">
            <option value="conversation" />
            <option value="first_turn" />
            <option value="metadata:prompt_id" />
          </datalist>
        </Field>
        <Field id="export-from" label="Judged from" errors={err('from')} hint="UTC day, inclusive.">
          <input id="export-from" name="from" type="date" className={inputClass} {...described('from')} />
        </Field>
        <Field id="export-to" label="Judged until" errors={err('to')} hint="UTC day, inclusive.">
          <input id="export-to" name="to" type="date" className={inputClass} {...described('to')} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="exclude_gold" /> Leave out gold items
      </label>
      <p className="text-xs text-slate-500">Always: excluded labelers and invalid items are left out; adjudicated items use the lead&apos;s ranking.</p>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? 'Starting…' : 'Create snapshot'}
      </Button>
    </form>
  );
}
