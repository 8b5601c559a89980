'use client';

import { useTranslations } from 'next-intl';
import { useId } from 'react';
import type { TFlaw } from '@/lib/judgments/schemas';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';
import { ResponseText } from '@/components/ui/response-text';
import { FlawNotes } from '@/components/label/flaw-notes';
import type { RatingState } from '@/components/label/ranking-state';
import { FlagLabel } from '@/components/taxonomy/fallback-note';

/** The English names of the Likert points (the catalogue's Likert namespace holds them per locale). */
export const LIKERT_LABELS = ['', 'very bad', 'bad', 'somewhat bad', 'okay', 'somewhat good', 'good', 'excellent'] as const;
/** The Likert points as catalogue keys. */
export const LIKERT_POINTS = ['1', '2', '3', '4', '5', '6', '7'] as const;
/** Responses longer than this (or with more lines) start collapsed. */
const COLLAPSE_CHARS = 1200;
const COLLAPSE_LINES = 25;

export const isLong = (text: string) => text.length > COLLAPSE_CHARS || text.split('\n').length > COLLAPSE_LINES;

type Props = {
  response: { id: string; label: string; text: string };
  rating: RatingState;
  flags: TFlagDefinition[];
  focused: boolean;
  collapsed: boolean;
  disabled: boolean;
  onToggleCollapsed: () => void;
  /** The flag menu: closed, the card shows only the flags set (as chips) and one button. */
  flagsOpen: boolean;
  onToggleFlags: () => void;
  onFocusWithin: () => void;
  onLikert: (value: number) => void;
  onFlag: (key: string, on: boolean) => void;
  onAddFlaw: (flaw: TFlaw) => void;
  onRemoveFlaw: (index: number) => void;
};

/**
 * One response with its Likert score, flags and flaw notes. The text is untrusted: rendered as safe
 * markdown. Flags are compact: the ones set are chips (click to remove); the rest are in a menu
 * opened with the button or `f` (Esc closes it).
 */
export function ResponseCard(props: Props) {
  const { response, rating, focused, disabled } = props;
  const t = useTranslations('ResponseCard');
  const tLikert = useTranslations('Likert');
  const id = useId();
  const long = isLong(response.text);
  const collapsed = long && props.collapsed;
  const name = t('name', { letter: response.label });
  const setFlags = props.flags.filter((f) => rating.flags.includes(f.key));
  return (
    <article
      id={`response-${response.label}`}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      onFocus={props.onFocusWithin}
      className={`flex min-w-0 scroll-mt-32 flex-col gap-2.5 rounded-lg border bg-white p-3 shadow-sm focus:outline-none ${
        focused ? 'border-indigo-500 ring-2 ring-indigo-500' : 'border-slate-200'
      }`}
    >
      <header className="flex items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="flex items-center gap-2 text-base font-semibold text-slate-900">
          <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-slate-900 text-sm text-white">
            {response.label}
          </span>
          {name}
        </h3>
        {focused ? <span className="rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800">{t('focused')}</span> : null}
      </header>

      <div id={`${id}-text`} className={`relative ${collapsed ? 'max-h-80 overflow-hidden' : ''}`}>
        <ResponseText text={response.text} />
        {collapsed ? <div aria-hidden className="pointer-events-none absolute inset-x-0 bottom-0 h-16 bg-linear-to-t from-white" /> : null}
      </div>
      {long ? (
        <button
          type="button"
          aria-expanded={!collapsed}
          aria-controls={`${id}-text`}
          onClick={props.onToggleCollapsed}
          className="self-start rounded px-1.5 py-0.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
        >
          {collapsed ? t('showAll') : t('showLess')}
          <span className="sr-only"> {t('ofResponse', { name })}</span>
        </button>
      ) : null}

      <fieldset disabled={disabled} className="flex flex-col gap-1">
        <legend className="mb-1 text-xs font-medium text-slate-700">{t('quality', { letter: response.label })}</legend>
        <div className="grid grid-cols-7 gap-1">
          {LIKERT_POINTS.map((point) => {
            const n = Number(point);
            return (
              <label
                key={n}
                className={`flex cursor-pointer flex-col items-center gap-0.5 rounded-md border px-1 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-400 ${
                  rating.likert === n
                    ? 'border-indigo-600 bg-indigo-600 text-white'
                    : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'
                }`}
              >
                <input
                  type="radio"
                  name={`${id}-likert`}
                  value={n}
                  checked={rating.likert === n}
                  aria-label={`${n} ${tLikert(point)}`}
                  onChange={() => props.onLikert(n)}
                  className="accent-indigo-600"
                />
                <span aria-hidden className="font-semibold">
                  {n}
                </span>
                {n === 1 || n === 4 || n === 7 ? (
                  <span aria-hidden className="text-center text-[10px] leading-tight">
                    {tLikert(point)}
                  </span>
                ) : null}
              </label>
            );
          })}
        </div>
      </fieldset>

      <div className="flex flex-col gap-1.5">
        <div className="flex flex-wrap items-center gap-1.5">
          <button
            type="button"
            aria-expanded={props.flagsOpen}
            aria-controls={`${id}-flags`}
            aria-keyshortcuts="f"
            disabled={disabled}
            onClick={props.onToggleFlags}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:text-slate-400"
          >
            {props.flagsOpen ? t('closeFlags') : rating.flags.length > 0 ? t('flags') : t('addFlag')}
            <span className="sr-only"> {t('forResponse', { letter: response.label })}</span>{' '}
            <span aria-hidden>{props.flagsOpen ? '▴' : '▾'}</span>
          </button>
          {setFlags.length > 0 ? (
            <ul aria-label={t('flagsSet', { letter: response.label })} className="flex flex-wrap gap-1">
              {setFlags.map((flag) => (
                <li key={flag.key}>
                  <button
                    type="button"
                    disabled={disabled}
                    onClick={() => props.onFlag(flag.key, false)}
                    title={flag.description || undefined}
                    className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs text-amber-900 hover:bg-amber-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
                  >
                    {flag.label} <span aria-hidden>✕</span>
                    <span className="sr-only"> {t('removeFlag', { letter: response.label })}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {props.flagsOpen ? (
          <fieldset
            id={`${id}-flags`}
            disabled={disabled}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                e.preventDefault();
                props.onToggleFlags();
              }
            }}
            className="grid gap-x-3 gap-y-1 rounded-md border border-slate-200 bg-slate-50 p-2 sm:grid-cols-2"
          >
            <legend className="sr-only">{t('flagsFor', { letter: response.label })}</legend>
            {props.flags.map((flag) => (
              <div key={flag.key} className="flex">
                <label title={flag.description || undefined} className="flex items-start gap-2 text-xs text-slate-800">
                  <input
                    type="checkbox"
                    checked={rating.flags.includes(flag.key)}
                    onChange={(e) => props.onFlag(flag.key, e.target.checked)}
                    aria-describedby={flag.description ? `${id}-flag-${flag.key}` : undefined}
                    className="mt-0.5 accent-indigo-600"
                  />
                  <FlagLabel flag={flag} />
                </label>
                {flag.description ? (
                  <span id={`${id}-flag-${flag.key}`} hidden>
                    {flag.description}
                  </span>
                ) : null}
              </div>
            ))}
          </fieldset>
        ) : null}
      </div>

      <FlawNotes
        label={response.label}
        text={response.text}
        flaws={rating.flaws}
        disabled={disabled}
        onAdd={props.onAddFlaw}
        onRemove={props.onRemoveFlaw}
      />
    </article>
  );
}
