'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { FORMAT_INFO } from '@/lib/export/format-fields';
import { StepExportOptions } from '@/components/steps/step-export-options';
import { EXPORT_FORMATS, PAIR_FORMATS, type ExportFormat } from '@/lib/export/types';
import { AspectExportFields } from '@/components/export/aspect-export-fields';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = {
  projectId: string;
  /** Response flags of the project's current taxonomy; `positive` ones mark a good response. */
  flags: { key: string; label: string; positive: boolean }[];
  /** The format the form starts on: pairs-chat when the project has conversations, pairs otherwise. */
  defaultFormat: ExportFormat;
  /** Items of the project that are conversations (the reason for the default). */
  conversations: number;
  action: (state: FormState, data: FormData) => Promise<FormState>;
  /** The project's aspects (issue 27), offered as the "Aspect" option; empty: the option is not shown. */
  aspects?: string[];
};

const TIE_FORMATS: ExportFormat[] = ['pairs', 'pairs-chat'];

function FlagChoice({ flag }: { flag: Props['flags'][number] }) {
  return (
    <label className="flex min-w-0 items-start gap-2 text-sm">
      <input type="checkbox" name="exclude_flags" value={flag.key} className="mt-1 shrink-0" />
      <span className="min-w-0 break-words">
        {flag.label} <span className="block font-mono text-xs break-all text-slate-500">{flag.key}</span>
      </span>
    </label>
  );
}

/**
 * Every export option; options that do not apply to the chosen format are disabled (and not sent).
 * A refusal of the whole request (for example a conversation in "pairs") is shown once, beside the button.
 */
export function CreateSnapshotForm({ projectId, flags, defaultFormat, conversations, action, aspects = [] }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [format, setFormat] = useState<ExportFormat>(defaultFormat);
  const [mode, setMode] = useState('per-labeler');
  // A field error that is the form's message too is shown once, as the message beside the button.
  const err = (name: string) => state.errors?.[name]?.filter((e) => e !== state.message);
  const negative = flags.filter((f) => !f.positive);
  const positive = flags.filter((f) => f.positive);
  const formatHint =
    format === 'pairs' && conversations > 0
      ? `${conversations.toLocaleString('en')} item${conversations === 1 ? ' is a conversation' : 's are conversations'}: "pairs" writes them as one text with the hh template, or leaves them out and counts them (see "Conversations"). Pairs (TRL conversational) keeps the turns.`
      : FORMAT_INFO[format].summary;
  const pairOnly = !(PAIR_FORMATS as readonly string[]).includes(format);
  const described = (name: string) => ({ 'aria-invalid': Boolean(err(name)), 'aria-describedby': `export-${name}-error` });
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate aria-label="New snapshot">
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="export-format" label="Format" errors={err('format')} hint={formatHint}>
        <select
          id="export-format"
          name="format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
          className={inputClass}
          {...described('format')}
        >
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_INFO[f].title}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="export-file_format"
        label="Data files"
        errors={err('file_format')}
        hint="File format of the files under data/: JSON Lines (one row a line) or Parquet (typed columns, Snappy)."
      >
        <select id="export-file_format" name="file_format" defaultValue="jsonl" className={inputClass} {...described('file_format')}>
          <option value="jsonl">JSON Lines</option>
          <option value="parquet">Parquet</option>
        </select>
      </Field>
      {format === 'trl-stepwise' && <StepExportOptions inputClass={inputClass} />}
      <fieldset disabled={pairOnly} className="flex flex-col gap-4 disabled:opacity-50">
        <legend className="sr-only">Pair options</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            id="export-mode"
            label="Pairs"
            errors={err('mode')}
            hint="Per labeler: every judgment's pairs (openai-dpo: always consensus). Consensus: the pairwise majority, cycles tied."
          >
            <select
              id="export-mode"
              name="mode"
              value={mode}
              onChange={(e) => setMode(e.target.value)}
              className={inputClass}
              {...described('mode')}
            >
              <option value="per-labeler">Per labeler</option>
              <option value="consensus">Consensus</option>
            </select>
          </Field>
          <Field
            id="export-ties"
            label="Ties"
            errors={err('ties')}
            hint={TIE_FORMATS.includes(format) ? 'Kept ties get "tie": true.' : 'This format cannot hold ties: always dropped.'}
          >
            <select
              id="export-ties"
              name="ties"
              defaultValue="drop"
              disabled={!TIE_FORMATS.includes(format)}
              className={inputClass}
              {...described('ties')}
            >
              <option value="drop">Drop</option>
              <option value="keep">Keep</option>
            </select>
          </Field>
          <Field
            id="export-margin"
            label="Margin"
            errors={err('margin')}
            hint="None: no margin column. Vote share or Likert difference, as a float."
          >
            <select id="export-margin" name="margin" defaultValue="none" className={inputClass} {...described('margin')}>
              <option value="none">None</option>
              <option value="votes">Votes</option>
              <option value="likert">Likert</option>
            </select>
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            id="export-margin_missing"
            label="Pairs without a margin"
            errors={err('margin_missing')}
            hint="An unscored response: leave the pair out (counted), or margin 0.0."
          >
            <select
              id="export-margin_missing"
              name="margin_missing"
              defaultValue="skip"
              className={inputClass}
              {...described('margin_missing')}
            >
              <option value="skip">Leave out</option>
              <option value="zero">Margin 0.0</option>
            </select>
          </Field>
          <Field
            id="export-pair_weight"
            label="Weights sum to 1 per"
            errors={err('pair_weight')}
            hint="The weight column: per expanded ranking, or per prompt."
          >
            <select id="export-pair_weight" name="pair_weight" defaultValue="ranking" className={inputClass} {...described('pair_weight')}>
              <option value="ranking">Ranking</option>
              <option value="prompt">Prompt</option>
            </select>
          </Field>
          <Field
            id="export-prompt_template"
            label="Prompt template"
            errors={err('prompt_template')}
            hint={'Pairs: hh ("\\n\\nHuman: …\\n\\nAssistant:", replies after a space) or the bare prompt.'}
          >
            <select
              id="export-prompt_template"
              name="prompt_template"
              defaultValue="hh"
              disabled={format !== 'pairs'}
              className={inputClass}
              {...described('prompt_template')}
            >
              <option value="hh">hh</option>
              <option value="none">None</option>
            </select>
          </Field>
          <Field
            id="export-multi_turn"
            label="Conversations"
            errors={err('multi_turn')}
            hint="Pairs and hh: render with the template, or leave out (counted)."
          >
            <select
              id="export-multi_turn"
              name="multi_turn"
              defaultValue="render"
              disabled={format !== 'pairs' && format !== 'hh'}
              className={inputClass}
              {...described('multi_turn')}
            >
              <option value="render">Render</option>
              <option value="skip">Leave out</option>
            </select>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="margin_signed" /> Keep negative margins (Likert scores that contradict the ranking)
        </label>
        <Field id="export-min_votes" label="Minimum votes per pair" errors={err('min_votes')} hint="Consensus mode only.">
          <input
            id="export-min_votes"
            name="min_votes"
            type="number"
            min={1}
            defaultValue={1}
            disabled={mode !== 'consensus'}
            className={inputClass}
            {...described('min_votes')}
          />
        </Field>
        {flags.length > 0 ? (
          <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby="export-exclude_flags-error">
            <legend className="mb-1 text-sm font-medium text-slate-800">Leave out responses flagged</legend>
            <div className="flex flex-col gap-1.5">
              {negative.map((f) => (
                <FlagChoice key={f.key} flag={f} />
              ))}
            </div>
            {positive.length > 0 ? (
              <fieldset className="flex min-w-0 flex-col gap-1.5 rounded-md border border-amber-200 bg-amber-50 p-2">
                <legend className="px-1 text-xs font-medium text-amber-900">Positive flags</legend>
                <p className="text-xs text-amber-900">
                  These mark a good response: ticking one leaves out the responses labelers judged good.
                </p>
                {positive.map((f) => (
                  <FlagChoice key={f.key} flag={f} />
                ))}
              </fieldset>
            ) : null}
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
        <Field
          id="export-min_agreement"
          label="Minimum item agreement (0–1)"
          errors={err('min_agreement')}
          hint="Empty: every item. Items with fewer than two rankings are left out when set."
        >
          <input
            id="export-min_agreement"
            name="min_agreement"
            type="number"
            min={0}
            max={1}
            step={0.05}
            className={inputClass}
            {...described('min_agreement')}
          />
        </Field>
        <Field
          id="export-validation_share"
          label="Validation share (0–1)"
          errors={err('validation_share')}
          hint="By a hash of the split key: stable across exports."
        >
          <input
            id="export-validation_share"
            name="validation_share"
            type="number"
            min={0}
            max={1}
            step={0.01}
            defaultValue={0.1}
            className={inputClass}
            {...described('validation_share')}
          />
        </Field>
        <Field
          id="export-split_by"
          label="Split by"
          errors={err('split_by')}
          hint="conversation, first_turn, or metadata:FIELD (e.g. metadata:prompt_id)."
        >
          <input
            id="export-split_by"
            name="split_by"
            type="text"
            defaultValue="conversation"
            list="export-split-keys"
            className={inputClass}
            {...described('split_by')}
          />
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
      <AspectExportFields format={format} aspects={aspects} err={err} />
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="exclude_gold" /> Leave out gold items
      </label>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="include_judge" /> Also the AI judge’s pairs (pair exports in JSON Lines; every row then says its
        &quot;source&quot;: human or judge)
      </label>
      <p className="text-xs text-slate-500">
        Always: excluded labelers and invalid items are left out; adjudicated items use the lead&apos;s ranking.
      </p>
      <p className="text-xs text-slate-500">
        The download is a folder (zip) laid out as a Hugging Face dataset: one file per split under data/, the dataset card (README.md) and
        manifest.json.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Starting…' : 'Create snapshot'}
        </Button>
        <div className="min-w-0 flex-1">
          <FormMessage state={state} />
        </div>
      </div>
    </form>
  );
}
