// Coordinated or careless feedback (issue 10): three alarms over a project's judgments, pure.
// Each states its test, threshold and minimum n (shown on the dashboard beside the alarms).
import { binomialTestGreater, pairwiseAgreement } from '@/lib/stats';

export type AbuseJudgment = {
  id: string;
  itemId: string;
  userId: string;
  ranking: string[][];
  durationMs: number;
  createdAt: Date;
  /** Response ids in the order shown; null for imported judgments (no shown order). */
  shownOrder: string[] | null;
  /** Likert score per response id, where given. */
  likert: Record<string, number> | null;
  /** Characters of the item's responses, for the length-derived speed floor. */
  chars: number;
};

export const COLLUSION = { minSharedItems: 20, minLift: 0.15, alpha: 0.01 } as const;
export const SPEED = { minJudgments: 10, alpha: 0.01, msPerChar: 5 } as const;
export const BURST = { minRun: 4, alpha: 0.01 } as const;

export type CollusionAlarm = {
  userA: string;
  userB: string;
  sharedItems: number;
  /** Their strict pairs ordered alike / ordered strictly by both, on shared items. */
  agree: number;
  compared: number;
  rate: number;
  /** Both labelers' agreement with everyone else on their other co-labelled pairs. */
  othersRate: number;
  p: number;
  /** The Bonferroni threshold: alpha / pairs tested. */
  threshold: number;
  items: { itemId: string; agree: number; compared: number }[];
};

/**
 * Collusion: for every pair of labelers with ≥ 20 shared items, the share of strict response pairs
 * they order alike, against p0 = both labelers' agreement with everyone else. Response pairs of
 * one item are correlated, so the counts are divided by the mean pairs per shared item (each
 * shared item weighs as one observation: conservative). One-sided exact binomial test; alarm when
 * p < 0.01 / (pairs tested) (Bonferroni) and the pair's rate is at least p0 + 0.15. Two honest
 * labelers who share a view most others do not (a real subgroup preference) pass this test too:
 * the alarm asks a lead to look at the evidence, it does not prove collusion.
 */
export function collusionAlarms(judgments: AbuseJudgment[]): { tested: number; alarms: CollusionAlarm[] } {
  const byItem = new Map<string, AbuseJudgment[]>();
  for (const j of judgments) {
    if (!j.ranking.length) continue;
    let list = byItem.get(j.itemId);
    if (!list) byItem.set(j.itemId, (list = []));
    list.push(j);
  }
  type PairSums = { agree: number; compared: number; items: { itemId: string; agree: number; compared: number }[] };
  const pairs = new Map<string, PairSums>();
  const perUser = new Map<string, { agree: number; compared: number }>();
  for (const [itemId, list] of byItem)
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const [a, b] = list[x]!.userId < list[y]!.userId ? [list[x]!, list[y]!] : [list[y]!, list[x]!];
        if (a.userId === b.userId) continue;
        const { agree, compared } = pairwiseAgreement(a.ranking, b.ranking);
        if (compared === 0) continue;
        const key = `${a.userId}|${b.userId}`;
        let s = pairs.get(key);
        if (!s) pairs.set(key, (s = { agree: 0, compared: 0, items: [] }));
        s.agree += agree;
        s.compared += compared;
        s.items.push({ itemId, agree, compared });
        for (const u of [a.userId, b.userId]) {
          const t = perUser.get(u) ?? { agree: 0, compared: 0 };
          perUser.set(u, { agree: t.agree + agree, compared: t.compared + compared });
        }
      }
  const eligible = [...pairs].filter(([, s]) => s.items.length >= COLLUSION.minSharedItems);
  const threshold = COLLUSION.alpha / Math.max(1, eligible.length);
  const alarms: CollusionAlarm[] = [];
  for (const [key, s] of eligible) {
    const [userA, userB] = key.split('|') as [string, string];
    const ua = perUser.get(userA)!;
    const ub = perUser.get(userB)!;
    const othersCompared = ua.compared + ub.compared - 2 * s.compared;
    if (othersCompared <= 0) continue;
    const p0 = (ua.agree + ub.agree - 2 * s.agree) / othersCompared;
    const rate = s.agree / s.compared;
    const deff = s.compared / s.items.length;
    const p = p0 > 0 && p0 < 1 ? binomialTestGreater(Math.round(s.agree / deff), s.items.length, p0) : Number.NaN;
    if (p < threshold && rate >= p0 + COLLUSION.minLift) {
      alarms.push({ userA, userB, sharedItems: s.items.length, agree: s.agree, compared: s.compared, rate, othersRate: p0, p, threshold, items: s.items });
    }
  }
  return { tested: eligible.length, alarms: alarms.sort((a, b) => a.p - b.p) };
}

export type SpeedAlarm = {
  userId: string;
  judgments: number;
  /** Rankings faster than their floor. */
  below: number;
  medianMs: number;
  p: number;
  fastest: { judgmentId: string; itemId: string; durationMs: number; floorMs: number; createdAt: Date }[];
};

/** The floor of one judgment: the project's seconds floor, or 5 ms per character of its responses (200 characters a second), whichever is higher. */
export const speedFloorMs = (floorSeconds: number, chars: number) => Math.max(floorSeconds * 1000, chars * SPEED.msPerChar);

/**
 * Speed: a labeler's rankings (labeled, not imported) faster than their floor. Sign test: alarm
 * when, with ≥ 10 rankings, the share under the floor is significantly above one half (one-sided
 * exact binomial, p < 0.01), i.e. their median time is below the floor with confidence.
 */
export function speedAlarms(judgments: AbuseJudgment[], floorSeconds: number): SpeedAlarm[] {
  const byUser = new Map<string, AbuseJudgment[]>();
  for (const j of judgments) {
    if (!j.shownOrder) continue;
    let list = byUser.get(j.userId);
    if (!list) byUser.set(j.userId, (list = []));
    list.push(j);
  }
  const alarms: SpeedAlarm[] = [];
  for (const [userId, list] of byUser) {
    if (list.length < SPEED.minJudgments) continue;
    const rows = list.map((j) => ({ judgmentId: j.id, itemId: j.itemId, durationMs: j.durationMs, floorMs: speedFloorMs(floorSeconds, j.chars), createdAt: j.createdAt }));
    const below = rows.filter((r) => r.durationMs < r.floorMs).length;
    const p = binomialTestGreater(below, rows.length, 0.5);
    if (p >= SPEED.alpha) continue;
    const sorted = rows.map((r) => r.durationMs).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    alarms.push({ userId, judgments: rows.length, below, medianMs, p, fastest: rows.sort((a, b) => a.durationMs - b.durationMs).slice(0, 50) });
  }
  return alarms.sort((a, b) => a.p - b.p);
}

export type BurstRun = { length: number; pattern: string; nullProbability: number; judgments: { judgmentId: string; itemId: string; createdAt: Date }[] };
export type BurstAlarm = { userId: string; judgments: number; runs: BurstRun[] };

/** The ranking by shown position ("1 > 3 = 2": shown positions, best first) and the Likert scores by shown position. */
export function positionPattern(j: AbuseJudgment): { pattern: string; arrangements: number } | null {
  if (!j.shownOrder || !j.ranking.length) return null;
  const shownAt = new Map(j.shownOrder.map((r, i) => [r, i + 1]));
  const order = j.ranking.map((g) => g.map((r) => shownAt.get(r) ?? 0).sort((a, b) => a - b).join(' = ')).join(' > ');
  const likert = j.likert ? j.shownOrder.map((r) => j.likert![r] ?? '–').join(',') : '';
  // Distinct position patterns a shuffle gives the same tie structure: K! / Π (group size)!.
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const arrangements = fact(j.shownOrder.length) / j.ranking.reduce((t, g) => t * fact(g.length), 1);
  return { pattern: likert ? `${order} · Likert ${likert}` : order, arrangements };
}

/**
 * Bursts: runs of consecutive submissions (by time) with the identical ranking by shown position
 * and identical Likert scores by position. For an honest labeler the display order is a fresh
 * shuffle each time, so the next submission repeats the position pattern with chance at most
 * 1 / (arrangements of its tie structure); a run's chance is the product over its repeats. Alarm
 * when a run of ≥ 4 has chance × (the labeler's submissions) < 0.01 (Bonferroni over start points).
 */
export function burstAlarms(judgments: AbuseJudgment[]): BurstAlarm[] {
  const byUser = new Map<string, AbuseJudgment[]>();
  for (const j of judgments) {
    if (!j.shownOrder) continue;
    let list = byUser.get(j.userId);
    if (!list) byUser.set(j.userId, (list = []));
    list.push(j);
  }
  const alarms: BurstAlarm[] = [];
  for (const [userId, list] of byUser) {
    list.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    const runs: BurstRun[] = [];
    const patterns = list.map(positionPattern);
    let start = 0;
    const close = (end: number) => {
      const run = list.slice(start, end);
      const first = patterns[start];
      if (!first || run.length < BURST.minRun) return;
      const nullProbability = Math.pow(1 / first.arrangements, run.length - 1);
      if (nullProbability * list.length < BURST.alpha)
        runs.push({ length: run.length, pattern: first.pattern, nullProbability, judgments: run.map((j) => ({ judgmentId: j.id, itemId: j.itemId, createdAt: j.createdAt })) });
    };
    for (let i = 1; i <= list.length; i++) {
      const same = i < list.length && patterns[i] != null && patterns[i]!.pattern === patterns[start]?.pattern;
      if (!same) {
        close(i);
        start = i;
      }
    }
    if (runs.length) alarms.push({ userId, judgments: list.length, runs: runs.sort((a, b) => b.length - a.length) });
  }
  return alarms;
}
