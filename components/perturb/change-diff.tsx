import type { DiffSegment } from '@/lib/diff/word-diff';

/** A word diff as plain text: removed words struck through in red, added words underlined in green. */
export function ChangeDiff({ segments, label }: { segments: DiffSegment[]; label: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      dir="auto"
      className="max-h-[45vh] overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
    >
      {segments.map((s, i) =>
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
      )}
    </div>
  );
}

/** A text as plain text with one [start, end) span marked (an empty span shows as a caret mark). */
export function SpanText({ text, start, end, label }: { text: string; start: number; end: number; label: string }) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      dir="auto"
      className="max-h-[45vh] overflow-y-auto rounded-md border border-slate-200 bg-white p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
    >
      {text.slice(0, start)}
      <mark className="rounded-sm bg-amber-200 text-slate-900 ring-1 ring-amber-500">{end > start ? text.slice(start, end) : '‸'}</mark>
      {text.slice(end)}
    </div>
  );
}
