import { bootstrapSums, bradleyTerry, pairwiseAgreement, wilsonInterval, type Game, type Interval } from '@/lib/stats';

/** The published reference points (Zheng et al. 2023, MT-Bench human judgments, setup without ties). */
export const MT_BENCH_REFERENCE = {
  judgeVsHuman: 0.66,
  humanVsHuman: 0.63,
  source: 'MT-Bench (Zheng et al., 2023): GPT-4 vs humans 66%, humans vs humans 63%, without ties',
};

export type JudgeAgreementItem = {
  itemId: string;
  /** Counted human rankings (tie groups of response ids, best first). */
  humans: { userId: string; ranking: string[][] }[];
  /** The judge's ranking in the shown order, and asked with the order reversed (null when not asked or failed). */
  judge: string[][] | null;
  judgeReversed: string[][] | null;
  /** response id → model (null: unknown). */
  models: Record<string, string | null>;
};

export type AgreementFigure = Interval & { agree: number; compared: number };
export type TieRule = { tiesExcluded: AgreementFigure; tiesAsDisagreement: AgreementFigure };

export type JudgeAgreement = {
  /** Items with a judge label and a human label. */
  items: number;
  judgeVsConsensus: TieRule;
  /** Every (judge, labeler) pair on an item, pooled. */
  judgeVsLabelers: TieRule;
  /** Every two labelers on an item, pooled, on the same items. */
  humanVsHuman: TieRule;
  perLabeler: {
    userId: string;
    items: number;
    tiesExcluded: { agree: number; compared: number };
    tiesAsDisagreement: { agree: number; compared: number };
  }[];
  /** Response pairs ordered the same way (ties included) when asked in both orders. */
  positionConsistency: Interval & { consistent: number; pairs: number };
  /** Bradley–Terry ratings from the humans' rankings and from the judge's (both orders), on these items. */
  modelScores: { model: string; human: number | null; judge: number | null }[];
  /** Items where the judge orders a pair against a strict human consensus. */
  disagreeingItems: string[];
  bootstrap: { seed: number; resamples: number };
};

const sign = (at: Map<string, number>, x: string, y: string) => Math.sign(at.get(x)! - at.get(y)!);
const positions = (ranking: string[][]) => new Map(ranking.flatMap((group, g) => group.map((id) => [id, g] as const)));

/** The humans' pairwise majority as a ranking per pair: +1 x above y, −1 below, 0 equal votes. */
export function consensusSigns(rankings: string[][][]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const ranking of rankings) {
    const at = positions(ranking);
    const ids = [...at.keys()].sort();
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const key = `${ids[i]}|${ids[j]}`;
        votes.set(key, (votes.get(key) ?? 0) - sign(at, ids[i]!, ids[j]!));
      }
  }
  // votes counts "x above y" as +1 (a lower group index is better).
  return new Map([...votes].map(([k, v]) => [k, Math.sign(v)]));
}

/** Judge vs the consensus signs, under both tie rules: [agree, compared] ties excluded, then ties as disagreement. */
function versusConsensus(judge: string[][], consensus: Map<string, number>): number[] {
  const at = positions(judge);
  const out = [0, 0, 0, 0];
  for (const [key, c] of consensus) {
    const [x, y] = key.split('|') as [string, string];
    if (!at.has(x) || !at.has(y)) continue;
    const s = -sign(at, x, y);
    if (s === 0 && c === 0) continue;
    out[3]! += 1;
    if (s === c) out[2]! += 1;
    if (s !== 0 && c !== 0) {
      out[1]! += 1;
      if (s === c) out[0]! += 1;
    }
  }
  return out;
}

/**
 * Judge–human agreement (issue 25): pairwise agreement of the judge with the human consensus (the
 * pairwise majority of counted rankings) and with each labeler, beside labeler–labeler agreement on
 * the same items, under both tie rules (ties excluded; a tie on one side as disagreement), with
 * percentile bootstrap intervals over items; the judge's position consistency with a Wilson interval;
 * Bradley–Terry scores from humans and from the judge. Pure.
 */
export function computeJudgeAgreement(items: JudgeAgreementItem[], options: { seed?: number; resamples?: number } = {}): JudgeAgreement {
  const seed = options.seed ?? 25;
  const resamples = options.resamples ?? 1000;
  const vectors: number[][] = [];
  const perLabeler = new Map<string, { items: number; ex: [number, number]; td: [number, number] }>();
  const disagreeingItems: string[] = [];
  let consistent = 0;
  let pairs = 0;
  const humanGames: Game[] = [];
  const judgeGames: Game[] = [];
  const gamesOf = (ranking: string[][], models: Record<string, string | null>, into: Game[]) => {
    const at = positions(ranking);
    const ids = [...at.keys()].sort();
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const a = models[ids[i]!];
        const b = models[ids[j]!];
        if (!a || !b || a === b) continue;
        const s = sign(at, ids[i]!, ids[j]!);
        into.push([a, b, s < 0 ? 1 : s > 0 ? 0 : 0.5]);
      }
  };
  for (const item of items) {
    for (const h of item.humans) gamesOf(h.ranking, item.models, humanGames);
    if (item.judge) gamesOf(item.judge, item.models, judgeGames);
    if (item.judgeReversed) gamesOf(item.judgeReversed, item.models, judgeGames);
    if (item.judge && item.judgeReversed) {
      const a = positions(item.judge);
      const b = positions(item.judgeReversed);
      const ids = [...a.keys()].filter((id) => b.has(id)).sort();
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) {
          pairs += 1;
          if (sign(a, ids[i]!, ids[j]!) === sign(b, ids[i]!, ids[j]!)) consistent += 1;
        }
    }
    if (!item.judge || item.humans.length === 0) continue;
    const v = new Array<number>(12).fill(0);
    const jc = versusConsensus(item.judge, consensusSigns(item.humans.map((h) => h.ranking)));
    jc.forEach((x, k) => (v[k] = x));
    if (jc[1]! > jc[0]!) disagreeingItems.push(item.itemId);
    for (const h of item.humans) {
      const ex = pairwiseAgreement(item.judge, h.ranking);
      const td = pairwiseAgreement(item.judge, h.ranking, { tiesAsDisagreement: true });
      v[4]! += ex.agree;
      v[5]! += ex.compared;
      v[6]! += td.agree;
      v[7]! += td.compared;
      const row = perLabeler.get(h.userId) ?? { items: 0, ex: [0, 0], td: [0, 0] };
      row.items += 1;
      row.ex[0] += ex.agree;
      row.ex[1] += ex.compared;
      row.td[0] += td.agree;
      row.td[1] += td.compared;
      perLabeler.set(h.userId, row);
    }
    for (let a = 0; a < item.humans.length; a++)
      for (let b = a + 1; b < item.humans.length; b++) {
        const ex = pairwiseAgreement(item.humans[a]!.ranking, item.humans[b]!.ranking);
        const td = pairwiseAgreement(item.humans[a]!.ranking, item.humans[b]!.ranking, { tiesAsDisagreement: true });
        v[8]! += ex.agree;
        v[9]! += ex.compared;
        v[10]! += td.agree;
        v[11]! += td.compared;
      }
    vectors.push(v);
  }
  const ratio = (s: Float64Array, k: number) => (s[k + 1]! > 0 ? s[k]! / s[k + 1]! : Number.NaN);
  const intervals = bootstrapSums(vectors, (s) => [0, 2, 4, 6, 8, 10].map((k) => ratio(s, k)), { seed, resamples });
  const sums = vectors.reduce((acc, v) => acc.map((x, k) => x + v[k]!), new Array<number>(12).fill(0));
  const figure = (n: number): AgreementFigure => ({ ...intervals[n]!, agree: sums[2 * n]!, compared: sums[2 * n + 1]! });
  const human = humanGames.length ? bradleyTerry(humanGames, { prior: 1, tolerance: 1e-8 }) : {};
  const judge = judgeGames.length ? bradleyTerry(judgeGames, { prior: 1, tolerance: 1e-8 }) : {};
  const models = [...new Set([...Object.keys(human), ...Object.keys(judge)])].sort();
  return {
    items: vectors.length,
    judgeVsConsensus: { tiesExcluded: figure(0), tiesAsDisagreement: figure(1) },
    judgeVsLabelers: { tiesExcluded: figure(2), tiesAsDisagreement: figure(3) },
    humanVsHuman: { tiesExcluded: figure(4), tiesAsDisagreement: figure(5) },
    perLabeler: [...perLabeler]
      .map(([userId, r]) => ({
        userId,
        items: r.items,
        tiesExcluded: { agree: r.ex[0], compared: r.ex[1] },
        tiesAsDisagreement: { agree: r.td[0], compared: r.td[1] },
      }))
      .sort((a, b) => a.userId.localeCompare(b.userId)),
    positionConsistency: { ...wilsonInterval(consistent, pairs), consistent, pairs },
    modelScores: models
      .map((model) => ({ model, human: human[model] ?? null, judge: judge[model] ?? null }))
      .sort((a, b) => (b.human ?? -Infinity) - (a.human ?? -Infinity) || a.model.localeCompare(b.model)),
    disagreeingItems,
    bootstrap: { seed, resamples },
  };
}
