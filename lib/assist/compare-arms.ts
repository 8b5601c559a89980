import { bootstrapInterval, quantile, type Interval } from '@/lib/stats';
import type { Arm } from '@/lib/assist/arms';

/*
 * The arms compared (issue 25): submitted ranking tasks of randomized assistance, assisted against
 * unassisted. Pure; the rows come from find-assistance-figures.ts. Pairs of one item are not
 * independent (every labeler on it judged the same responses), so every interval is a percentile
 * bootstrap that resamples items, each with all its tasks of both arms; the difference is
 * bootstrapped on the same resamples, so it keeps the pairing of arms within an item.
 */

/** One submitted ranking task with a randomized arm. */
export type ArmTask = {
  arm: Arm;
  itemId: string;
  userId: string;
  durationMs: number;
  /** Strict pairs agreeing with the majority of the other labelers on the item (judgment_stats). */
  consensusAgree: number;
  consensusCompared: number;
  /** Strict pairs agreeing with the gold or adjudicated ranking. */
  goldAgree: number;
  goldCompared: number;
  responses: number;
  flags: number;
  flaws: number;
};

export type Figure = Interval & { n: number };

export type ArmFigures = {
  tasks: number;
  /** Share of strict pairs agreeing with consensus; n = pairs compared. */
  consensus: Figure;
  gold: Figure;
  /** Median time per task (ms); n = tasks. */
  medianMs: Figure;
  /** Flags and flaw notes per response; n = responses. */
  flagsPerResponse: Figure;
  flawsPerResponse: Figure;
};

export type ArmComparison = {
  assisted: ArmFigures;
  unassisted: ArmFigures;
  /** Assisted minus unassisted, each with its interval (NaN when an arm has nothing to compare). */
  difference: { consensus: Interval; gold: Interval; medianMs: Interval; flagsPerResponse: Interval; flawsPerResponse: Interval };
};

type Measure = (tasks: ArmTask[]) => number;

const ratio =
  (num: (t: ArmTask) => number, den: (t: ArmTask) => number): Measure =>
  (tasks) => {
    let n = 0;
    let d = 0;
    for (const t of tasks) {
      n += num(t);
      d += den(t);
    }
    return d > 0 ? n / d : Number.NaN;
  };

const median: Measure = (tasks) =>
  quantile(
    tasks.map((t) => t.durationMs).sort((a, b) => a - b),
    0.5,
  );

const MEASURES = {
  consensus: {
    value: ratio(
      (t) => t.consensusAgree,
      (t) => t.consensusCompared,
    ),
    n: (ts: ArmTask[]) => sum(ts, (t) => t.consensusCompared),
  },
  gold: {
    value: ratio(
      (t) => t.goldAgree,
      (t) => t.goldCompared,
    ),
    n: (ts: ArmTask[]) => sum(ts, (t) => t.goldCompared),
  },
  medianMs: { value: median, n: (ts: ArmTask[]) => ts.length },
  flagsPerResponse: {
    value: ratio(
      (t) => t.flags,
      (t) => t.responses,
    ),
    n: (ts: ArmTask[]) => sum(ts, (t) => t.responses),
  },
  flawsPerResponse: {
    value: ratio(
      (t) => t.flaws,
      (t) => t.responses,
    ),
    n: (ts: ArmTask[]) => sum(ts, (t) => t.responses),
  },
} as const;
type MeasureName = keyof typeof MEASURES;
const NAMES = Object.keys(MEASURES) as MeasureName[];

function sum(tasks: ArmTask[], f: (t: ArmTask) => number): number {
  return tasks.reduce((total, t) => total + f(t), 0);
}

/** The arms side by side with bootstrap intervals over items (`seed` makes them reproducible). */
export function compareArms(tasks: ArmTask[], options: { seed?: number; resamples?: number } = {}): ArmComparison {
  const { seed = 25, resamples = 1000 } = options;
  const byItem = new Map<string, ArmTask[]>();
  for (const t of tasks) byItem.set(t.itemId, [...(byItem.get(t.itemId) ?? []), t]);
  const items = [...byItem.values()];
  const armOf = (units: ArmTask[][], arm: Arm) => units.flat().filter((t) => t.arm === arm);

  const figures = (arm: Arm): ArmFigures => {
    const mine = armOf(items, arm);
    const figure = (name: MeasureName): Figure => ({
      ...bootstrapInterval(items, (sample) => MEASURES[name].value(armOf(sample, arm)), { seed, resamples }),
      n: MEASURES[name].n(mine),
    });
    return {
      tasks: mine.length,
      consensus: figure('consensus'),
      gold: figure('gold'),
      medianMs: figure('medianMs'),
      flagsPerResponse: figure('flagsPerResponse'),
      flawsPerResponse: figure('flawsPerResponse'),
    };
  };
  const difference = Object.fromEntries(
    NAMES.map((name) => [
      name,
      bootstrapInterval(
        items,
        (sample) => MEASURES[name].value(armOf(sample, 'ASSISTED')) - MEASURES[name].value(armOf(sample, 'UNASSISTED')),
        {
          seed,
          resamples,
        },
      ),
    ]),
  ) as ArmComparison['difference'];
  return { assisted: figures('ASSISTED'), unassisted: figures('UNASSISTED'), difference };
}
