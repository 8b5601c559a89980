'use client';

import { useState, type DragEvent } from 'react';
import { dropAtPosition, dropOnGroup, moveDown, moveUp, tieWithAbove, untie } from '@/components/label/ranking-state';

type Props = {
  ranking: string[][];
  labelOf: (id: string) => string;
  excerptOf: (id: string) => string;
  disabled: boolean;
  /** In keyboard ranking mode: how many groups are placed (the rest wait). Null otherwise. */
  placed: number | null;
  onChange: (ranking: string[][]) => void;
};

const DRAG_TYPE = 'text/plain';
const iconButton =
  'rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-40';

/**
 * The ranking as tie groups, best first. Drag a response onto a gap to give it that place, or
 * onto a group to tie it; every move also has a button, for keyboard and screen-reader users.
 */
export function RankingBoard({ ranking, labelOf, excerptOf, disabled, placed, onChange }: Props) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);

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
    if (!disabled && id && ranking.flat().includes(id)) onChange(next(id));
  };

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
        className={`h-4 rounded border-2 border-dashed ${over === key ? 'border-indigo-500 bg-indigo-50' : dragging ? 'border-slate-300' : 'border-transparent'}`}
      />
    );
  };

  let rank = 0;
  return (
    <ol aria-label="Ranking, best first" className="flex flex-col">
      {gap(0)}
      {ranking.flatMap((group, g) => {
        const waiting = placed !== null && g >= placed;
        if (!waiting) rank += 1;
        const key = `group-${g}`;
        return [
          <li
            key={group.join('+')}
            data-group={g}
            onDragOver={allowDrop(key)}
            onDragLeave={() => setOver((o) => (o === key ? null : o))}
            onDrop={(e) => finish(e, (id) => dropOnGroup(ranking, id, g))}
            className={`flex items-stretch gap-3 rounded-lg border p-2 ${
              over === key ? 'border-indigo-500 bg-indigo-50' : waiting ? 'border-dashed border-slate-300 bg-slate-50' : 'border-slate-200 bg-white'
            }`}
          >
            <span className="flex w-16 shrink-0 flex-col items-center justify-center text-xs text-slate-500">
              {waiting ? (
                'not placed'
              ) : (
                <>
                  <span className="text-lg font-semibold text-slate-900">{rank}</span>
                  {group.length > 1 ? <span>tie</span> : null}
                </>
              )}
            </span>
            <ul aria-label={waiting ? 'Not placed yet' : `Place ${rank}${group.length > 1 ? ', tied' : ''}`} className="flex min-w-0 flex-1 flex-col gap-1">
              {group.map((id) => {
                const label = labelOf(id);
                return (
                  <li
                    key={id}
                    draggable={!disabled}
                    aria-label={`Response ${label}`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, id);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragging(id);
                    }}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                    className={`flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1 ${disabled ? '' : 'cursor-grab'} ${dragging === id ? 'opacity-50' : ''}`}
                  >
                    <span aria-hidden className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white">
                      {label}
                    </span>
                    <span className="min-w-0 flex-1 truncate text-sm text-slate-700">{excerptOf(id)}</span>
                    <span className="flex gap-1">
                      <button type="button" className={iconButton} disabled={disabled || (g === 0 && group.length === 1)} onClick={() => onChange(moveUp(ranking, id))} aria-label={`Move ${label} up`}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className={iconButton}
                        disabled={disabled || (g === ranking.length - 1 && group.length === 1)}
                        onClick={() => onChange(moveDown(ranking, id))}
                        aria-label={`Move ${label} down`}
                      >
                        ↓
                      </button>
                      <button type="button" className={iconButton} disabled={disabled || g === 0} onClick={() => onChange(tieWithAbove(ranking, id))} aria-label={`Tie ${label} with the one above`}>
                        = above
                      </button>
                      <button type="button" className={iconButton} disabled={disabled || group.length < 2} onClick={() => onChange(untie(ranking, id))} aria-label={`Untie ${label}`}>
                        untie
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
  );
}
