'use client';

import { useTranslations } from 'next-intl';
import { useId, useState, type DragEvent } from 'react';
import {
  dropAtPosition,
  dropOnGroup,
  moveDown,
  moveUp,
  placeNext,
  tieWithAbove,
  tieWithLastPlaced,
  unplace,
  untie,
} from '@/components/label/ranking-state';

type Props = {
  /** The placed responses as tie groups, best first. */
  ranking: string[][];
  /** The responses not ranked yet, in the order shown. */
  unranked: string[];
  labelOf: (id: string) => string;
  excerptOf: (id: string) => string;
  disabled: boolean;
  /** "The rest tie below" is chosen: the unranked responses will be one tie group at the bottom. */
  restGroupedBelow: boolean;
  onChange: (ranking: string[][]) => void;
  /** Names this board when a screen shows more than one (an aspect's own ranking, issue 27): "Honesty ranking, best first". */
  name?: string;
};

const DRAG_TYPE = 'text/plain';
const iconButton =
  'rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-40';

/**
 * The ranking as tie groups, best first, and apart from it the responses not ranked yet (never
 * shown as rank positions). Drag a response onto a gap to give it that place, onto a group to
 * tie it, or back onto "not ranked yet"; every move also has a button, for keyboard and
 * screen-reader users. All moves are the pure functions of ranking-state.ts.
 */
export function RankingBoard({ ranking, unranked, labelOf, excerptOf, disabled, restGroupedBelow, onChange, name }: Props) {
  const t = useTranslations('RankingBoard');
  const unrankedHeading = useId();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const known = new Set([...ranking.flat(), ...unranked]);

  const draggedId = (e: DragEvent) => e.dataTransfer.getData(DRAG_TYPE) || dragging;
  const allowDrop = (key: string) => (e: DragEvent) => {
    if (disabled || !dragging) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (over !== key) setOver(key);
  };
  const finish = (e: DragEvent, next: (id: string) => string[][]) => {
    e.preventDefault();
    e.stopPropagation();
    const id = draggedId(e);
    setDragging(null);
    setOver(null);
    if (!disabled && id && known.has(id)) onChange(next(id));
  };
  const dragProps = (id: string) => ({
    draggable: !disabled,
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.setData(DRAG_TYPE, id);
      e.dataTransfer.effectAllowed = 'move';
      setDragging(id);
    },
    onDragEnd: () => {
      setDragging(null);
      setOver(null);
    },
  });
  const badge = (label: string) => (
    <span
      aria-hidden
      className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white"
    >
      {label}
    </span>
  );

  const gap = (position: number) => {
    const key = `gap-${position}`;
    return (
      <li
        key={key}
        aria-hidden
        data-drop-position={position}
        onDragOver={allowDrop(key)}
        onDragLeave={() => setOver((o) => (o === key ? null : o))}
        onDrop={(e) => finish(e, (id) => dropAtPosition(ranking, id, position))}
        className={`rounded border-2 border-dashed ${ranking.length === 0 ? 'flex h-12 items-center justify-center text-xs text-slate-500' : 'h-3'} ${
          over === key ? 'border-indigo-500 bg-indigo-50' : dragging || ranking.length === 0 ? 'border-slate-300' : 'border-transparent'
        }`}
      >
        {ranking.length === 0 ? t('nothingRanked') : null}
      </li>
    );
  };

  const unrankedKey = 'unranked';
  return (
    <div className="flex flex-col gap-3">
      <ol aria-label={name ? t('namedRanking', { name }) : t('ranking')} className="flex flex-col">
        {gap(0)}
        {ranking.flatMap((group, g) => {
          const key = `group-${g}`;
          const place = g + 1;
          return [
            <li
              key={group.join('+')}
              data-group={g}
              onDragOver={allowDrop(key)}
              onDragLeave={() => setOver((o) => (o === key ? null : o))}
              onDrop={(e) => finish(e, (id) => dropOnGroup(ranking, id, g))}
              className={`flex items-stretch gap-2 rounded-lg border p-1.5 ${over === key ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 bg-white'}`}
            >
              <span className="flex w-8 shrink-0 flex-col items-center justify-center text-xs text-slate-500">
                <span className="text-base font-semibold text-slate-900">{place}</span>
                {group.length > 1 ? <span>{t('tie')}</span> : null}
              </span>
              <ul
                aria-label={group.length > 1 ? t('placeTied', { place }) : t('place', { place })}
                className="flex min-w-0 flex-1 flex-col gap-1"
              >
                {group.map((id) => {
                  const label = labelOf(id);
                  return (
                    <li
                      key={id}
                      aria-label={t('response', { letter: label })}
                      {...dragProps(id)}
                      className={`flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md border border-slate-200 bg-white px-1.5 py-1 ${disabled ? '' : 'cursor-grab'} ${dragging === id ? 'opacity-50' : ''}`}
                    >
                      {badge(label)}
                      <span dir="auto" className="min-w-0 flex-1 basis-24 truncate text-xs text-slate-700">
                        {excerptOf(id)}
                      </span>
                      <span className="flex gap-1">
                        <button
                          type="button"
                          className={iconButton}
                          disabled={disabled || (g === 0 && group.length === 1)}
                          onClick={() => onChange(moveUp(ranking, id))}
                          aria-label={t('moveUp', { letter: label })}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className={iconButton}
                          disabled={disabled || (g === ranking.length - 1 && group.length === 1)}
                          onClick={() => onChange(moveDown(ranking, id))}
                          aria-label={t('moveDown', { letter: label })}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className={iconButton}
                          disabled={disabled || g === 0}
                          onClick={() => onChange(tieWithAbove(ranking, id))}
                          aria-label={t('tieAbove', { letter: label })}
                        >
                          =↑
                        </button>
                        <button
                          type="button"
                          className={iconButton}
                          disabled={disabled || group.length < 2}
                          onClick={() => onChange(untie(ranking, id))}
                          aria-label={t('untie', { letter: label })}
                        >
                          {t('untieButton')}
                        </button>
                        <button
                          type="button"
                          className={iconButton}
                          disabled={disabled}
                          onClick={() => onChange(unplace(ranking, id))}
                          aria-label={t('takeOut', { letter: label })}
                        >
                          ✕
                        </button>
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>,
            gap(g + 1),
          ];
        })}
      </ol>

      {unranked.length > 0 ? (
        <section
          aria-labelledby={unrankedHeading}
          onDragOver={allowDrop(unrankedKey)}
          onDragLeave={() => setOver((o) => (o === unrankedKey ? null : o))}
          onDrop={(e) => finish(e, (id) => unplace(ranking, id))}
          className={`flex flex-col gap-1 rounded-lg border border-dashed p-2 ${over === unrankedKey ? 'border-indigo-500 bg-indigo-50' : 'border-slate-300 bg-slate-50'}`}
        >
          <h3 id={unrankedHeading} className="text-xs font-semibold text-slate-700">
            {restGroupedBelow ? t('notRankedTieBelow') : t('notRanked')}
          </h3>
          <ul aria-label={name ? t('namedNotRanked', { name }) : t('notRanked')} className="flex flex-col gap-1">
            {unranked.map((id) => {
              const label = labelOf(id);
              return (
                <li
                  key={id}
                  aria-label={t('response', { letter: label })}
                  {...dragProps(id)}
                  className={`flex flex-wrap items-center gap-x-2 gap-y-1 rounded-md border border-slate-200 bg-white px-1.5 py-1 ${disabled ? '' : 'cursor-grab'} ${dragging === id ? 'opacity-50' : ''}`}
                >
                  {badge(label)}
                  <span dir="auto" className="min-w-0 flex-1 basis-24 truncate text-xs text-slate-700">
                    {excerptOf(id)}
                  </span>
                  <span className="flex gap-1">
                    <button
                      type="button"
                      className={iconButton}
                      disabled={disabled}
                      onClick={() => onChange(placeNext(ranking, id))}
                      aria-label={t('placeNext', { letter: label })}
                    >
                      {t('placeButton')}
                    </button>
                    <button
                      type="button"
                      className={iconButton}
                      disabled={disabled || ranking.length === 0}
                      onClick={() => onChange(tieWithLastPlaced(ranking, id))}
                      aria-label={t('tieLast', { letter: label })}
                    >
                      {t('tieLastButton')}
                    </button>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
