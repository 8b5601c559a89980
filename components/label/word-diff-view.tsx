'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { wordDiff } from '@/lib/diff/word-diff';
import { inputClass } from '@/components/ui/field';

/** Word-level diff of two responses, as plain text: deletions from the first struck through in red, insertions of the second underlined in green. */
export function WordDiffView({ responses }: { responses: { id: string; label: string; text: string }[] }) {
  const t = useTranslations('WordDiff');
  const [from, setFrom] = useState(responses[0]?.id ?? '');
  const [to, setTo] = useState(responses[1]?.id ?? responses[0]?.id ?? '');
  const a = responses.find((r) => r.id === from);
  const b = responses.find((r) => r.id === to);
  const segments = useMemo(() => (a && b ? wordDiff(a.text, b.text) : []), [a, b]);
  const pick = (label: string, value: string, set: (v: string) => void) => (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      {label}
      <select value={value} onChange={(e) => set(e.target.value)} className={inputClass}>
        {responses.map((r) => (
          <option key={r.id} value={r.id}>
            {t('response', { letter: r.label })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-3">
        {pick(t('compare'), from, setFrom)}
        {pick(t('with'), to, setTo)}
      </div>
      <p className="text-xs text-slate-600">
        {t.rich('legend', {
          first: a ? t('response', { letter: a.label }) : t('first'),
          second: b ? t('response', { letter: b.label }) : t('second'),
          del: (chunks) => <del className="bg-red-100 text-red-900 line-through">{chunks}</del>,
          ins: (chunks) => <ins className="bg-emerald-100 text-emerald-900 underline">{chunks}</ins>,
        })}
      </p>
      <div
        aria-label={t('differences')}
        role="region"
        dir="auto"
        className="max-h-[55vh] overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap"
      >
        {from === to ? (
          <p className="font-sans text-slate-600">{t('pickTwo')}</p>
        ) : (
          segments.map((s, i) =>
            s.op === 'equal' ? (
              <span key={i}>{s.text}</span>
            ) : s.op === 'delete' ? (
              <del key={i} className="bg-red-100 text-red-900 line-through">
                {s.text}
              </del>
            ) : (
              <ins key={i} className="bg-emerald-100 text-emerald-900 underline">
                {s.text}
              </ins>
            ),
          )
        )}
      </div>
    </div>
  );
}
