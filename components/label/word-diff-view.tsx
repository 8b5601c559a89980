'use client';

import { useMemo, useState } from 'react';
import { wordDiff } from '@/lib/diff/word-diff';
import { inputClass } from '@/components/ui/field';

/** Word-level diff of two responses, as plain text: deletions from the first struck through in red, insertions of the second underlined in green. */
export function WordDiffView({ responses }: { responses: { id: string; label: string; text: string }[] }) {
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
            Response {r.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-3">
        {pick('Compare', from, setFrom)}
        {pick('With', to, setTo)}
      </div>
      <p className="text-xs text-slate-600">
        Legend: <del className="bg-red-100 text-red-900 line-through">struck through in red</del> is only in{' '}
        {a ? `Response ${a.label}` : 'the first'}; <ins className="bg-emerald-100 text-emerald-900 underline">underlined in green</ins> is
        only in {b ? `Response ${b.label}` : 'the second'}; plain text is in both.
      </p>
      <div
        aria-label="Differences"
        role="region"
        className="max-h-[55vh] overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap"
      >
        {from === to ? (
          <p className="font-sans text-slate-600">Pick two different responses.</p>
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
