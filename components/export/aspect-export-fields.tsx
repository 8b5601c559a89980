'use client';

import { Field, inputClass } from '@/components/ui/field';
import type { ExportFormat } from '@/lib/export/types';

const ASPECT_FORMATS: ExportFormat[] = ['pairs', 'pairs-chat', 'hh', 'openai-dpo', 'axolotl-dpo', 'openrlhf', 'rankings', 'kto'];

/**
 * The export options of issue 27: the aspect whose rankings the rows are built from, and for
 * "kto" how labels are read (rankings: top vs bottom group; Likert: the thresholds) and per
 * labeler or by consensus. Fields that do not apply are disabled, so they are not sent.
 */
export function AspectExportFields({
  format,
  aspects,
  err,
}: {
  format: ExportFormat;
  aspects: string[];
  err: (name: string) => string[] | undefined;
}) {
  const kto = format === 'kto';
  const described = (name: string) => ({ 'aria-invalid': Boolean(err(name)), 'aria-describedby': `export-${name}-error` });
  return (
    <>
      {aspects.length > 0 ? (
        <Field
          id="export-aspect"
          label="Aspect"
          errors={err('aspect')}
          hint='Build the rows from one aspect’s rankings ("same as overall" counts as the overall ranking); empty: the overall ranking.'
        >
          <select
            id="export-aspect"
            name="aspect"
            defaultValue=""
            disabled={!ASPECT_FORMATS.includes(format)}
            className={inputClass}
            {...described('aspect')}
          >
            <option value="">Overall ranking</option>
            {aspects.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {kto ? (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-900">KTO labels</legend>
          <Field
            id="export-kto_source"
            label="Labels from"
            errors={err('kto_source')}
            hint="Rankings: top group desirable, bottom group undesirable."
          >
            <select id="export-kto_source" name="kto_source" defaultValue="ranking" className={inputClass} {...described('kto_source')}>
              <option value="ranking">Rankings</option>
              <option value="likert">Likert scores</option>
            </select>
          </Field>
          <Field id="export-kto-mode" label="Per" errors={err('mode')} hint="Per labeler: a row per label. Consensus: one per response.">
            <select id="export-kto-mode" name="mode" defaultValue="per-labeler" className={inputClass}>
              <option value="per-labeler">Labeler</option>
              <option value="consensus">Consensus</option>
            </select>
          </Field>
          <Field
            id="export-kto_desirable_min"
            label="Desirable at Likert ≥"
            errors={err('kto_desirable_min')}
            hint="Likert labels only; default 5."
          >
            <input
              id="export-kto_desirable_min"
              name="kto_desirable_min"
              type="number"
              min={1}
              max={7}
              defaultValue={5}
              className={inputClass}
              {...described('kto_desirable_min')}
            />
          </Field>
          <Field
            id="export-kto_undesirable_max"
            label="Undesirable at Likert ≤"
            errors={err('kto_undesirable_max')}
            hint="Likert labels only; default 3. Scores between are left out."
          >
            <input
              id="export-kto_undesirable_max"
              name="kto_undesirable_max"
              type="number"
              min={1}
              max={7}
              defaultValue={3}
              className={inputClass}
              {...described('kto_undesirable_max')}
            />
          </Field>
        </fieldset>
      ) : null}
    </>
  );
}
