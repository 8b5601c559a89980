'use client';

import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { FlawNotes } from '@/components/label/flaw-notes';
import { LIKERT_POINTS } from '@/components/label/response-card';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { TChatSideRating, TChatWinner } from '@/lib/chat/schemas';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';
import { FlagLabel } from '@/components/taxonomy/fallback-note';

const emptyRating = (): TChatSideRating => ({ likert: null, flags: [], flaws: [] });

/**
 * The vote on one turn: the best answer (A, B, …), a tie, or all bad — nothing is chosen until the
 * labeler chooses — with optional notes per answer (Likert, flags, flaw spans, as on the ranking
 * screen). Disabled (with the reason) until every side has an answer.
 */
export function ChatVote(props: {
  labels: string[];
  texts: string[];
  flags: TFlagDefinition[];
  blocker: string | null;
  busy: boolean;
  onVote: (winner: TChatWinner, ratings: TChatSideRating[]) => void;
}) {
  const { labels, blocker, busy } = props;
  const t = useTranslations('Chat.vote');
  const tLikert = useTranslations('Likert');
  const id = useId();
  const [choice, setChoice] = useState<string>('');
  const [notesOpen, setNotesOpen] = useState(false);
  const [ratings, setRatings] = useState<TChatSideRating[]>(() => labels.map(emptyRating));
  const disabled = blocker !== null || busy;
  const update = (i: number, change: Partial<TChatSideRating>) =>
    setRatings((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const options = [
    ...labels.map((label, i) => ({ value: `side:${i}`, text: t('better', { letter: label }) })),
    { value: 'tie', text: t('tie') },
    { value: 'bothbad', text: labels.length > 2 ? t('allBad') : t('bothBad') },
  ];
  const submit = () => {
    if (!choice) return;
    const winner: TChatWinner = choice.startsWith('side:')
      ? { kind: 'side', index: Number(choice.slice(5)) }
      : choice === 'tie'
        ? { kind: 'tie' }
        : { kind: 'bothbad' };
    const noted = ratings.some((r) => r.likert !== null || r.flags.length > 0 || r.flaws.length > 0);
    props.onVote(winner, noted ? ratings : []);
  };
  return (
    <fieldset className="flex flex-col gap-3 rounded-md border border-slate-300 bg-slate-50 p-3" aria-describedby={`${id}-why`}>
      <legend className="px-1 text-sm font-semibold text-slate-900">{t('question')}</legend>
      <p id={`${id}-why`} className="text-sm text-slate-700" aria-live="polite">
        {blocker ?? t('ready')}
      </p>
      <div role="radiogroup" aria-label={t('yourVote')} className="flex flex-wrap gap-3">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm text-slate-900">
            <input
              type="radio"
              name={`${id}-vote`}
              value={o.value}
              checked={choice === o.value}
              disabled={disabled}
              onChange={() => setChoice(o.value)}
            />
            {o.text}
          </label>
        ))}
      </div>
      <details open={notesOpen} onToggle={(e) => setNotesOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer text-sm text-slate-800">{t('notes')}</summary>
        <div className="mt-2 flex flex-col gap-3 md:flex-row">
          {labels.map((label, i) => {
            const rating = ratings[i] ?? emptyRating();
            return (
              <div key={label} className="flex min-w-0 flex-1 flex-col gap-2 rounded-md border border-slate-200 bg-white p-2">
                <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
                  {t('score', { letter: label })}
                  <select
                    className={inputClass}
                    value={rating.likert ?? ''}
                    disabled={disabled}
                    onChange={(e) => update(i, { likert: e.target.value === '' ? null : Number(e.target.value) })}
                  >
                    <option value="">{t('noScore')}</option>
                    {LIKERT_POINTS.map((point) => (
                      <option key={point} value={point}>
                        {point} – {tLikert(point)}
                      </option>
                    ))}
                  </select>
                </label>
                {props.flags.length > 0 ? (
                  <fieldset className="flex flex-wrap gap-2 text-xs">
                    <legend className="font-medium text-slate-800">{t('flags', { letter: label })}</legend>
                    {props.flags.map((f) => (
                      <label key={f.key} className="flex items-center gap-1">
                        <input
                          type="checkbox"
                          disabled={disabled}
                          checked={rating.flags.includes(f.key)}
                          onChange={(e) =>
                            update(i, { flags: e.target.checked ? [...rating.flags, f.key] : rating.flags.filter((k) => k !== f.key) })
                          }
                        />
                        <FlagLabel flag={f} />
                      </label>
                    ))}
                  </fieldset>
                ) : null}
                <FlawNotes
                  label={t('answerLabel', { letter: label })}
                  text={props.texts[i] ?? ''}
                  flaws={rating.flaws}
                  disabled={disabled}
                  onAdd={(flaw) => update(i, { flaws: [...rating.flaws, flaw] })}
                  onRemove={(n) => update(i, { flaws: rating.flaws.filter((_, j) => j !== n) })}
                />
              </div>
            );
          })}
        </div>
      </details>
      <div>
        <Button type="button" disabled={disabled || !choice} onClick={submit}>
          {t('submit')}
        </Button>
      </div>
    </fieldset>
  );
}
