'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { SKIP_REASONS, type TSkipReason } from '@/lib/judgments/schemas';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { useSkipReasonTexts } from '@/components/taxonomy/labeler-texts';

/** The English skip reasons (the catalogue's SkipForm.reason holds them per locale). */
export const SKIP_REASON_LABELS: Record<TSkipReason, string> = {
  ambiguous: 'The prompt is ambiguous',
  harmful: 'Harmful or disturbing content',
  not_my_expertise: 'Not my area of expertise',
  broken: 'Broken: garbled, truncated or empty',
  other: 'Other (say why)',
};

/** The skip dialog's form; the note is required for "other", as the server checks too. */
export function SkipForm({
  onSkip,
  onCancel,
}: {
  onSkip: (reason: TSkipReason, note: string) => Promise<string | null>;
  onCancel: () => void;
}) {
  const t = useTranslations('SkipForm');
  const id = useId();
  const [reason, setReason] = useState<TSkipReason | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [pending, setPending] = useState(false);
  // The lead's wording in the labeler's locale (issue 31), where they wrote one.
  const leadTexts = useSkipReasonTexts();
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (pending) return;
        if (!reason) return setError(t('pickReason'));
        if (reason === 'other' && !note.trim()) return setError(t('sayWhy'));
        setError('');
        setPending(true);
        const problem = await onSkip(reason, note.trim());
        setPending(false);
        if (problem) setError(problem);
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm text-slate-700">{t('why')}</legend>
        {SKIP_REASONS.map((r, i) => (
          <label key={r} title={leadTexts[r]?.description || undefined} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name={`${id}-reason`}
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
              data-autofocus={i === 0 ? true : undefined}
              className="accent-indigo-600"
            />
            {leadTexts[r]?.label ?? t(`reason.${r}`)}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        {reason === 'other' ? t('noteRequired') : t('noteOptional')}
        <textarea
          dir="auto"
          value={note}
          maxLength={1000}
          rows={3}
          onChange={(e) => setNote(e.target.value)}
          className={inputClass}
          aria-invalid={Boolean(error) && reason === 'other'}
        />
      </label>
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('cancel')}
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? t('pending') : t('submit')}
        </Button>
      </div>
    </form>
  );
}
