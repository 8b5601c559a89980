'use client';

import { useEffect, type RefObject } from 'react';
import { inputClass } from '@/components/ui/field';

/**
 * A response's raw text in a textarea for choosing a span by exact character offsets: its
 * selectionStart/End are UTF-16 offsets, what the server checks. Not `readonly` (Chromium gives a
 * readonly textarea no caret, so Shift+arrows could not select); edits are refused instead
 * (beforeinput, paste, cut, drop) and the value is controlled. Used by the flaw notes of the
 * ranking screen and the detect screen's span picker; the caller reads the selection via `areaRef`.
 */
export function SelectableText({
  id,
  text,
  areaRef,
  hint,
  hintClassName,
}: {
  id: string;
  text: string;
  areaRef: RefObject<HTMLTextAreaElement | null>;
  hint: string;
  hintClassName: string;
}) {
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    const refuse = (e: Event) => e.preventDefault();
    const events = ['beforeinput', 'paste', 'cut', 'drop'] as const;
    for (const name of events) area.addEventListener(name, refuse);
    return () => {
      for (const name of events) area.removeEventListener(name, refuse);
    };
  }, [areaRef]);

  return (
    <>
      <textarea
        id={`${id}-text`}
        ref={areaRef}
        aria-readonly="true"
        dir="auto"
        inputMode="none"
        spellCheck={false}
        value={text}
        onChange={() => undefined /* edits are refused above; the value stays the response text */}
        rows={8}
        aria-describedby={`${id}-hint ${id}-error`}
        className={`${inputClass} font-mono text-xs`}
      />
      <p id={`${id}-hint`} className={hintClassName}>
        {hint}
      </p>
    </>
  );
}
