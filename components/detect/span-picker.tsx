'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('Detect.span');
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [hint, setHint] = useState('');

  const pick = () => {
    const area = ref.current;
    const start = area?.selectionStart ?? 0;
    const end = area?.selectionEnd ?? 0;
    if (start === end) {
      setHint(t('selectFirst'));
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
        {t('label')}
      </label>
      <SelectableText id={id} text={text} areaRef={ref} hint={t('hint')} hintClassName="text-xs text-slate-600" />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={pick} disabled={props.disabled}>
          {t('use')}
        </Button>
        <p role="status" aria-live="polite" className="text-xs text-slate-800">
          {span ? (
            <>
              {t('marked')}{' '}
              <q dir="auto" className="font-mono break-words whitespace-pre-wrap">
                {quoted.length > QUOTE_CHARS ? `${quoted.slice(0, QUOTE_CHARS)}…` : quoted}
              </q>
            </>
          ) : (
            t('nothing')
          )}
        </p>
      </div>
      <p id={`${id}-error`} role="alert" className="text-xs text-red-700">
        {hint || props.error}
      </p>
    </div>
  );
}
