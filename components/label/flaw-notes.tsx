'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { FLAW_CATEGORIES, type TFlaw } from '@/lib/judgments/schemas';
import { SelectableText } from '@/components/label/selectable-text';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { SEVERITY_NAMES } from '@/lib/taxonomy/severity';

export const SEVERITY_LABELS = SEVERITY_NAMES;
/** Severity levels 1–4 as catalogue keys. */
const SEVERITY_KEYS: Record<number, 'minor' | 'moderate' | 'major' | 'critical'> = { 1: 'minor', 2: 'moderate', 3: 'major', 4: 'critical' };
const MAX_FLAWS = 20;
const QUOTE_CHARS = 160;

function quote(text: string, flaw: TFlaw): string {
  const span = text.slice(flaw.start, flaw.end);
  return span.length > QUOTE_CHARS ? `${span.slice(0, QUOTE_CHARS)}…` : span;
}

/**
 * Flaw notes on one response. The span is chosen in SelectableText
 * (components/label/selectable-text.tsx), whose selection gives exact character offsets.
 */
export function FlawNotes(props: {
  label: string;
  text: string;
  flaws: TFlaw[];
  disabled: boolean;
  onAdd: (flaw: TFlaw) => void;
  onRemove: (index: number) => void;
}) {
  const { label, text, flaws, disabled } = props;
  const t = useTranslations('FlawNotes');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<TFlaw['category']>('accuracy');
  const [severity, setSeverity] = useState(2);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    setError('');
    requestAnimationFrame(() => openButton.current?.focus());
  };
  const add = () => {
    const area = textRef.current;
    const start = area?.selectionStart ?? 0;
    const end = area?.selectionEnd ?? 0;
    if (start === end) {
      setError(t('selectFirst'));
      area?.focus();
      return;
    }
    props.onAdd({ start, end, category, severity, comment: comment.trim() });
    setComment('');
    close();
  };

  return (
    <div className="flex flex-col gap-2">
      {flaws.length > 0 ? (
        <ul aria-label={t('notesOn', { letter: label })} className="flex flex-col gap-2">
          {flaws.map((flaw, i) => (
            <li
              key={`${flaw.start}-${flaw.end}-${i}`}
              className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-slate-800"
            >
              <q dir="auto" className="block font-mono break-words whitespace-pre-wrap">
                {quote(text, flaw)}
              </q>
              <div className="mt-1 flex items-center justify-between gap-2">
                <span>
                  {t('summary', {
                    category: t(`category.${flaw.category}`),
                    severity: flaw.severity,
                    severityName: t(`severity.${SEVERITY_KEYS[flaw.severity] ?? 'minor'}`),
                  })}
                  {flaw.comment ? (
                    <>
                      {' · '}
                      <bdi>{flaw.comment}</bdi>
                    </>
                  ) : null}
                </span>
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => props.onRemove(i)}
                  className="rounded px-1.5 py-0.5 text-red-700 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
                >
                  {t('remove')}
                  <span className="sr-only"> {t('removeWhich', { number: i + 1, letter: label })}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <div
          role="group"
          aria-label={t('newNote', { letter: label })}
          className="flex flex-col gap-2 rounded-md border border-slate-300 bg-slate-50 p-3"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <label htmlFor={`${id}-text`} className="text-xs font-medium text-slate-800">
            {t('textOf', { letter: label })}
          </label>
          <SelectableText id={id} text={text} areaRef={textRef} hint={t('hint')} hintClassName="text-xs text-slate-500" />
          <div className="grid grid-cols-2 gap-2">
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
              {t('categoryLabel')}
              <select value={category} onChange={(e) => setCategory(e.target.value as TFlaw['category'])} className={inputClass}>
                {FLAW_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`category.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
              {t('severityLabel')}
              <select value={severity} onChange={(e) => setSeverity(Number(e.target.value))} className={inputClass}>
                {[1, 2, 3, 4].map((n) => (
                  <option key={n} value={n}>
                    {n} – {t(`severity.${SEVERITY_KEYS[n] ?? 'minor'}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
            {t('comment')}
            <input dir="auto" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} className={inputClass} />
          </label>
          <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
            {error}
          </p>
          <div className="flex gap-2">
            <Button type="button" onClick={add} disabled={disabled}>
              {t('add')}
              <span className="sr-only"> {t('addWhich', { letter: label })}</span>
            </Button>
            <Button type="button" variant="secondary" onClick={close}>
              {t('cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <button
          ref={openButton}
          type="button"
          disabled={disabled || flaws.length >= MAX_FLAWS}
          onClick={() => {
            setOpen(true);
            requestAnimationFrame(() => textRef.current?.focus());
          }}
          className="self-start rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:text-slate-400"
        >
          {t('open')}
          <span className="sr-only"> {t('openOn', { letter: label })}</span>
        </button>
      )}
    </div>
  );
}
