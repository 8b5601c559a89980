'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations('Aspects');
  const tRank = useTranslations('Rank');
  const words = { tiedWith: tRank('tiedWith'), then: tRank('then') };
  const [mode, setMode] = useState<Mode | null>(null);
  const names = (o.aspects ?? []).map((a) => a.name);
  const enabled = names.length > 0 && !o.off;
  const answers = o.answers ?? {};
  const problems = enabled
    ? aspectProblems(answers, names, o.ids, o.labelOf, {
        listSeparator: tRank('listSeparator'),
        unanswered: (aspects) => t('problems.unanswered', { aspects }),
        notRanked: (v) => t('problems.notRanked', v),
      })
    : [];
  const next = (after: AspectAnswers) => nextOpenAspect(after, names, o.ids);
  const nextText = (after: AspectAnswers) => {
    const open = next(after);
    return ` ${open ? t('announce.next', { aspect: open }) : t('announce.allAnswered')}`;
  };

  const setOwn = (aspect: string, ranking: string[][], message: string) => {
    o.setAnswer(aspect, { sameAsOverall: false, ranking });
    o.announce(message);
  };

  const answerSame = (aspect: string) => {
    if (mode?.aspect === aspect) setMode(null);
    o.setAnswer(aspect, SAME_AS_OVERALL);
    o.announce(`${t('announce.same', { aspect })}${nextText({ ...answers, [aspect]: SAME_AS_OVERALL })}`);
  };

  const startOwn = (aspect: string, viaKey: boolean) => {
    o.leaveOverallMode();
    const current = answers[aspect];
    const ranking = current && !current.sameAsOverall && !viaKey ? current.ranking : [];
    if (viaKey) setMode({ aspect, tiePending: false });
    setOwn(aspect, ranking, viaKey ? t('announce.ownByKey', { aspect }) : t('announce.ownByButtons', { aspect }));
  };

  /** Handles a key of the step; false when it is not the step's (the screen's other shortcuts then apply). */
  function onKey(key: string): boolean {
    if (!enabled || o.locked) return false;
    if (mode) {
      const current = answers[mode.aspect];
      const ranking = current && !current.sameAsOverall ? current.ranking : [];
      if (key === 'Escape') {
        setMode(null);
        o.announce(
          t('announce.left', { aspect: mode.aspect, order: describeRanking(ranking, o.labelOf, words) || tRank('nothingPlaced') }),
        );
        return true;
      }
      if (key === 'Backspace') {
        const back = unplaceLast(ranking);
        if (!back.removed) o.announce(tRank('announce.nothingPlacedYet'));
        else setOwn(mode.aspect, back.ranking, t('announce.tookBack', { letter: o.labelOf(back.removed) }));
        return true;
      }
      if (key === '=') {
        if (ranking.length === 0) o.announce(tRank('announce.tieNeedsPlaced'));
        else setMode({ ...mode, tiePending: true });
        return true;
      }
      const index = key.length === 1 ? LETTERS.indexOf(key) : -1;
      const id = index >= 0 ? o.ids[index] : undefined;
      if (id) {
        const placed = mode.tiePending ? tieWithLastPlaced(ranking, id) : placeNext(ranking, id);
        if (placed === ranking) {
          o.announce(tRank('announce.alreadyPlaced', { letter: o.labelOf(id) }));
          return true;
        }
        const done = unrankedOf(placed, o.ids).length === 0;
        setMode(done ? null : { ...mode, tiePending: false });
        const answer: AspectState = { sameAsOverall: false, ranking: placed };
        const after = { ...answers, [mode.aspect]: answer };
        o.setAnswer(mode.aspect, answer);
        o.announce(
          done
            ? `${t('announce.allPlaced', { aspect: mode.aspect, order: describeRanking(placed, o.labelOf, words) })}${nextText(after)}`
            : t('announce.soFar', { aspect: mode.aspect, order: describeRanking(placed, o.labelOf, words) }),
        );
        return true;
      }
      // Any other key ends the aspect's keyboard ranking and does what it does elsewhere.
      setMode(null);
    }
    if (key !== 'y' && key !== 'o') return false;
    const open = next(answers);
    if (!open) {
      o.announce(t('announce.allAnsweredUseButtons'));
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
  const t = useTranslations('Aspects');
  const tRank = useTranslations('Rank');
  if (!step.enabled) return null;
  const open = nextOpenAspect(step.answers, step.names, ids);
  return (
    <section aria-labelledby="aspects-heading" className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <div className="flex flex-wrap items-baseline justify-between gap-1">
        <h2 id="aspects-heading" className="text-base font-semibold text-slate-900">
          {t('heading')}
        </h2>
        <p className="text-xs text-slate-600">{t.rich('keysHint', { kbd: (chunks) => <kbd className="font-mono">{chunks}</kbd> })}</p>
      </div>
      <ol className="flex flex-col gap-2">
        {aspects.map((aspect) => {
          const answer = step.answers[aspect.name];
          const done = isAspectDone(answer, ids);
          const status = !answer
            ? t('status.notAnswered')
            : answer.sameAsOverall
              ? t('status.same')
              : done
                ? t('status.own', { order: describeRanking(answer.ranking, labelOf, { tiedWith: tRank('tiedWith'), then: tRank('then') }) })
                : t('status.ownPartial', { letters: unrankedOf(answer.ranking, ids).map(labelOf).join(tRank('listSeparator')) });
          const typing = step.mode?.aspect === aspect.name;
          return (
            <li
              key={aspect.name}
              aria-label={t('aspectName', { aspect: aspect.name })}
              aria-current={open === aspect.name ? 'step' : undefined}
              className={`flex flex-col gap-1.5 rounded-md border p-2 ${typing ? 'border-amber-400 bg-amber-50' : open === aspect.name ? 'border-indigo-300' : 'border-slate-200'}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-900">{aspect.name}</h3>
                <div role="group" aria-label={t('answerFor', { aspect: aspect.name })} className="flex gap-1.5">
                  <button
                    type="button"
                    aria-pressed={answer?.sameAsOverall === true}
                    disabled={locked}
                    onClick={() => step.answerSame(aspect.name)}
                    className={choiceButton}
                  >
                    {t('same')}
                  </button>
                  <button
                    type="button"
                    aria-pressed={answer?.sameAsOverall === false}
                    disabled={locked}
                    onClick={() => step.startOwn(aspect.name, false)}
                    className={choiceButton}
                  >
                    {t('own')}
                  </button>
                </div>
              </div>
              <p className="text-xs text-slate-600">{aspect.description}</p>
              <p className={`text-xs ${done ? 'text-emerald-800' : 'text-slate-700'}`}>
                {status}
                {typing ? ` · ${t('typing')}` : ''}
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
