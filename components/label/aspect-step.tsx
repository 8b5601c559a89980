'use client';

import { useState } from 'react';
import { RankingBoard } from '@/components/label/ranking-board';
import {
  aspectProblems,
  isAspectDone,
  nextOpenAspect,
  SAME_AS_OVERALL,
  type AspectAnswers,
  type AspectState,
} from '@/components/label/aspect-state';
import { describeRanking, placeNext, tieWithLastPlaced, unplaceLast, unrankedOf } from '@/components/label/ranking-state';
import type { TAspectDefinition } from '@/lib/aspects/schemas';

const LETTERS = 'abcdefghi';
const choiceButton =
  'rounded-md border px-2 py-1 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-40 ' +
  'border-slate-300 bg-white text-slate-800 hover:bg-slate-50 aria-pressed:border-indigo-500 aria-pressed:bg-indigo-50 aria-pressed:text-indigo-900';

type Options = {
  /** The project's aspects; undefined or empty: the step is not shown and handles no key. */
  aspects: TAspectDefinition[] | undefined;
  answers: AspectAnswers | undefined;
  ids: string[];
  labelOf: (id: string) => string;
  /** "All unacceptable": nothing to rank per aspect. */
  off: boolean;
  locked: boolean;
  setAnswer: (aspect: string, answer: AspectState | null) => void;
  announce: (message: string) => void;
  /** Leaves the overall ranking's keyboard mode (an aspect's keys take over). */
  leaveOverallMode: () => void;
};

/** Keyboard ranking of one aspect: letters place best first, `=` ties, Backspace takes back, Esc leaves. */
type Mode = { aspect: string; tiePending: boolean };

/**
 * The aspect step of the ranking screen (issue 27): after the overall ranking, each aspect is
 * answered with "same as overall" (y, one key) or an own ranking (o, then letters best first).
 * The keys act on the first aspect not answered yet; the buttons on any. Nothing is answered for
 * the labeler: an open aspect is listed at submit and blocks it.
 */
export function useAspectStep(o: Options) {
  const [mode, setMode] = useState<Mode | null>(null);
  const names = (o.aspects ?? []).map((a) => a.name);
  const enabled = names.length > 0 && !o.off;
  const answers = o.answers ?? {};
  const problems = enabled ? aspectProblems(answers, names, o.ids, o.labelOf) : [];
  const next = (after: AspectAnswers) => nextOpenAspect(after, names, o.ids);
  const nextText = (after: AspectAnswers) => {
    const open = next(after);
    return open ? ` Next: ${open} (y same as overall, o own ranking).` : ' All aspects answered.';
  };

  const setOwn = (aspect: string, ranking: string[][], message: string) => {
    o.setAnswer(aspect, { sameAsOverall: false, ranking });
    o.announce(message);
  };

  const answerSame = (aspect: string) => {
    if (mode?.aspect === aspect) setMode(null);
    o.setAnswer(aspect, SAME_AS_OVERALL);
    o.announce(`${aspect}: same as overall.${nextText({ ...answers, [aspect]: SAME_AS_OVERALL })}`);
  };

  const startOwn = (aspect: string, viaKey: boolean) => {
    o.leaveOverallMode();
    const current = answers[aspect];
    const ranking = current && !current.sameAsOverall && !viaKey ? current.ranking : [];
    if (viaKey) setMode({ aspect, tiePending: false });
    setOwn(
      aspect,
      ranking,
      viaKey
        ? `${aspect}: own ranking. Press the letters best first; = ties, Backspace takes back, Esc leaves.`
        : `${aspect}: own ranking. Place the responses below.`,
    );
  };

  /** Handles a key of the step; false when it is not the step's (the screen's other shortcuts then apply). */
  function onKey(key: string): boolean {
    if (!enabled || o.locked) return false;
    if (mode) {
      const current = answers[mode.aspect];
      const ranking = current && !current.sameAsOverall ? current.ranking : [];
      if (key === 'Escape') {
        setMode(null);
        o.announce(`Left ${mode.aspect}'s ranking. ${describeRanking(ranking, o.labelOf) || 'Nothing placed'}.`);
        return true;
      }
      if (key === 'Backspace') {
        const back = unplaceLast(ranking);
        if (!back.removed) o.announce('Nothing placed yet.');
        else setOwn(mode.aspect, back.ranking, `Took back ${o.labelOf(back.removed)}.`);
        return true;
      }
      if (key === '=') {
        if (ranking.length === 0) o.announce('Place a response first; = ties the next one with it.');
        else setMode({ ...mode, tiePending: true });
        return true;
      }
      const index = key.length === 1 ? LETTERS.indexOf(key) : -1;
      const id = index >= 0 ? o.ids[index] : undefined;
      if (id) {
        const placed = mode.tiePending ? tieWithLastPlaced(ranking, id) : placeNext(ranking, id);
        if (placed === ranking) {
          o.announce(`${o.labelOf(id)} is already placed.`);
          return true;
        }
        const done = unrankedOf(placed, o.ids).length === 0;
        setMode(done ? null : { ...mode, tiePending: false });
        const answer: AspectState = { sameAsOverall: false, ranking: placed };
        const after = { ...answers, [mode.aspect]: answer };
        o.setAnswer(mode.aspect, answer);
        o.announce(
          done
            ? `${mode.aspect}: all placed. ${describeRanking(placed, o.labelOf)}.${nextText(after)}`
            : `${mode.aspect} so far: ${describeRanking(placed, o.labelOf)}.`,
        );
        return true;
      }
      // Any other key ends the aspect's keyboard ranking and does what it does elsewhere.
      setMode(null);
    }
    if (key !== 'y' && key !== 'o') return false;
    const open = next(answers);
    if (!open) {
      o.announce('All aspects are answered; use an aspect\u2019s buttons to change its answer.');
      return true;
    }
    o.leaveOverallMode();
    if (key === 'y') answerSame(open);
    else startOwn(open, true);
    return true;
  }

  return { enabled, problems, onKey, mode, answerSame, startOwn, names, answers };
}

type Step = ReturnType<typeof useAspectStep>;

/** The aspects panel: per aspect its description, "Same as overall" / "Own ranking", and the own ranking's board. */
export function AspectStep({
  step,
  aspects,
  ids,
  labelOf,
  excerptOf,
  locked,
  setAnswer,
}: {
  step: Step;
  aspects: TAspectDefinition[];
  ids: string[];
  labelOf: (id: string) => string;
  excerptOf: (id: string) => string;
  locked: boolean;
  setAnswer: (aspect: string, answer: AspectState | null) => void;
}) {
  if (!step.enabled) return null;
  const open = nextOpenAspect(step.answers, step.names, ids);
  return (
    <section aria-labelledby="aspects-heading" className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <div className="flex flex-wrap items-baseline justify-between gap-1">
        <h2 id="aspects-heading" className="text-base font-semibold text-slate-900">
          Aspects
        </h2>
        <p className="text-xs text-slate-600">
          For the next open aspect: <kbd className="font-mono">y</kbd> same as overall · <kbd className="font-mono">o</kbd> own ranking
        </p>
      </div>
      <ol className="flex flex-col gap-2">
        {aspects.map((aspect) => {
          const answer = step.answers[aspect.name];
          const done = isAspectDone(answer, ids);
          const status = !answer
            ? 'Not answered yet'
            : answer.sameAsOverall
              ? 'Same as overall'
              : done
                ? `Own ranking: ${describeRanking(answer.ranking, labelOf)}`
                : `Own ranking, not ranked yet: ${unrankedOf(answer.ranking, ids).map(labelOf).join(', ')}`;
          const typing = step.mode?.aspect === aspect.name;
          return (
            <li
              key={aspect.name}
              aria-label={`Aspect ${aspect.name}`}
              aria-current={open === aspect.name ? 'step' : undefined}
              className={`flex flex-col gap-1.5 rounded-md border p-2 ${typing ? 'border-amber-400 bg-amber-50' : open === aspect.name ? 'border-indigo-300' : 'border-slate-200'}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-900">{aspect.name}</h3>
                <div role="group" aria-label={`Answer for ${aspect.name}`} className="flex gap-1.5">
                  <button
                    type="button"
                    aria-pressed={answer?.sameAsOverall === true}
                    disabled={locked}
                    onClick={() => step.answerSame(aspect.name)}
                    className={choiceButton}
                  >
                    Same as overall
                  </button>
                  <button
                    type="button"
                    aria-pressed={answer?.sameAsOverall === false}
                    disabled={locked}
                    onClick={() => step.startOwn(aspect.name, false)}
                    className={choiceButton}
                  >
                    Own ranking
                  </button>
                </div>
              </div>
              <p className="text-xs text-slate-600">{aspect.description}</p>
              <p className={`text-xs ${done ? 'text-emerald-800' : 'text-slate-700'}`}>
                {status}
                {typing ? ' · typing: letters best first, = ties, Backspace takes back, Esc leaves' : ''}
              </p>
              {answer && !answer.sameAsOverall ? (
                <RankingBoard
                  name={aspect.name}
                  ranking={answer.ranking}
                  unranked={unrankedOf(answer.ranking, ids)}
                  labelOf={labelOf}
                  excerptOf={excerptOf}
                  disabled={locked}
                  restGroupedBelow={false}
                  onChange={(ranking) => setAnswer(aspect.name, { sameAsOverall: false, ranking })}
                />
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
