'use client';

import { useId, useRef, useState } from 'react';
import { SelectableText } from '@/components/label/selectable-text';
import { Button } from '@/components/ui/button';

const QUOTE_CHARS = 160;

/**
 * Picks one span of `text` by exact character offsets, as the ranking screen's flaw notes do,
 * in the shared SelectableText (components/label/selectable-text.tsx).
 */
export function SpanPicker(props: {
  text: string;
  span: { start: number; end: number } | null;
  disabled: boolean;
  error?: string;
  onPick: (span: { start: number; end: number }) => void;
}) {
  const { text, span } = props;
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [hint, setHint] = useState('');

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
      <SelectableText
        id={id}
        text={text}
        areaRef={ref}
        hint="Drag over the words, or move with the arrow keys and hold Shift to select; then use the button."
        hintClassName="text-xs text-slate-600"
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={pick} disabled={props.disabled}>
          Use the selected text
        </Button>
        <p role="status" aria-live="polite" className="text-xs text-slate-800">
          {span ? (
            <>
              Marked:{' '}
              <q className="font-mono break-words whitespace-pre-wrap">
                {quoted.length > QUOTE_CHARS ? `${quoted.slice(0, QUOTE_CHARS)}…` : quoted}
              </q>
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
