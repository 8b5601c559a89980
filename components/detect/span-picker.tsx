'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';

const QUOTE_CHARS = 160;

/**
 * Picks one span of `text` by exact character offsets, as the ranking screen's flaw notes do
 * (components/label/flaw-notes.tsx): a textarea holding the raw text, whose selectionStart/End
 * are exact UTF-16 offsets (what the server checks). Not `readonly` (Chromium gives a readonly
 * textarea no caret, so Shift+arrows could not select); edits are refused instead.
 */
export function SpanPicker(props: { text: string; span: { start: number; end: number } | null; disabled: boolean; error?: string; onPick: (span: { start: number; end: number }) => void }) {
  const { text, span } = props;
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [hint, setHint] = useState('');

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    const refuse = (e: Event) => e.preventDefault();
    const events = ['beforeinput', 'paste', 'cut', 'drop'] as const;
    for (const name of events) area.addEventListener(name, refuse);
    return () => {
      for (const name of events) area.removeEventListener(name, refuse);
    };
  }, []);

  const pick = () => {
    const area = ref.current;
    const start = area?.selectionStart ?? 0;
    const end = area?.selectionEnd ?? 0;
    if (start === end) {
      setHint('Select the flawed part of the text first (drag over it, or use Shift+arrow keys).');
      area?.focus();
      return;
    }
    setHint('');
    props.onPick({ start, end });
  };

  const quoted = span ? text.slice(span.start, span.end) : '';
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={`${id}-text`} className="text-sm font-medium text-slate-800">
        Select the flawed part of the response
      </label>
      <textarea
        id={`${id}-text`}
        ref={ref}
        aria-readonly="true"
        inputMode="none"
        spellCheck={false}
        value={text}
        onChange={() => undefined /* edits are refused above; the value stays the response text */}
        rows={8}
        aria-describedby={`${id}-hint ${id}-error`}
        className={`${inputClass} font-mono text-xs`}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        Drag over the words, or move with the arrow keys and hold Shift to select; then use the button.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={pick} disabled={props.disabled}>
          Use the selected text
        </Button>
        <p role="status" aria-live="polite" className="text-xs text-slate-800">
          {span ? (
            <>
              Marked: <q className="font-mono break-words whitespace-pre-wrap">{quoted.length > QUOTE_CHARS ? `${quoted.slice(0, QUOTE_CHARS)}…` : quoted}</q>
            </>
          ) : (
            'Nothing marked yet.'
          )}
        </p>
      </div>
      <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
        {hint || props.error}
      </p>
    </div>
  );
}
