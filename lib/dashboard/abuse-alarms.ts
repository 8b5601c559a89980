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
  /**
   * A counted label (lib/judgments/counted-labels.ts); absent = counted. An excluded labeler's
   * behaviour is still tested (their alarms stay visible, marked excluded), but their judgments
   * never enter anyone's reference agreement ("with everyone else" / "with outsiders").
   */
  counted?: boolean;
};

/** Whether a labeler's judgments count, from the judgments (a labeler's judgments in a project share one state). */
function countedUsers(judgments: AbuseJudgment[]): (userId: string) => boolean {
  const excluded = new Set(judgments.filter((j) => j.counted === false).map((j) => j.userId));
  return (userId) => !excluded.has(userId);
}

export const COLLUSION = { minSharedItems: 20, minLift: 0.15, alpha: 0.01 } as const;
export const SPEED = { minJudgments: 10, alpha: 0.01, msPerChar: 5 } as const;
export const BURST = { minRun: 4, alpha: 0.01 } as const;

/** The test behind a collusion alarm: agreement among the suspects against their agreement with others. */
type AgreementTest = {
  /** Strict response pairs ordered alike / ordered strictly by both. */
  agree: number;
  compared: number;
  rate: number;
  /** The suspects' agreement with everyone else. */
  othersRate: number;
  p: number;
  /** The Bonferroni threshold: alpha / pairs (or groups) tested. */
  threshold: number;
};

export type CollusionAlarm = AgreementTest & {
  userA: string;
  userB: string;
  sharedItems: number;
  items: SharedItem[];
  /** Shared items where both gave the same ranking and the same Likert scores: copying, more than a shared taste, looks like this. */
  identicalItems: number;
  /** Median time between their two submissions of a shared item. */
  medianGapMs: number;
};

/** One item two labelers both judged. */
export type SharedItem = { itemId: string; agree: number; compared: number; identical: boolean; gapMs: number };

/** The same ranking (tie groups in any order inside) and the same Likert score for every response. */
export function identicalJudgments(a: AbuseJudgment, b: AbuseJudgment): boolean {
  const groups = (j: AbuseJudgment) => j.ranking.map((g) => [...g].sort().join(',')).join('>');
  const likert = (j: AbuseJudgment) =>
    Object.entries(j.likert ?? {})
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([id, v]) => `${id}:${v}`)
      .join(',');
  return groups(a) === groups(b) && likert(a) === likert(b);
}

/**
 * Collusion: for every pair of labelers with ≥ 20 shared items, the share of strict response pairs
 * they order alike, against p0 = both labelers' agreement with everyone else. Response pairs of
 * one item are correlated, so the counts are divided by the mean pairs per shared item (each
 * shared item weighs as one observation: conservative). One-sided exact binomial test; alarm when
 * p < 0.01 / (pairs tested) (Bonferroni) and the pair's rate is at least p0 + 0.15. Two honest
 * labelers who share a view most others do not (a real subgroup preference) pass this test too:
 * the alarm asks a lead to look at the evidence, it does not prove collusion.
 */
export function collusionAlarms(
  judgments: AbuseJudgment[],
  agreements: PairAgreements = pairAgreements(judgments),
): { tested: number; alarms: CollusionAlarm[] } {
  const { pairs, perUser, counts } = agreements;
  const eligible = [...pairs].filter(([, s]) => s.items.length >= COLLUSION.minSharedItems);
  const threshold = COLLUSION.alpha / Math.max(1, eligible.length);
  const alarms: CollusionAlarm[] = [];
  for (const [key, s] of eligible) {
    const [userA, userB] = key.split('|') as [string, string];
    const p0 = othersRate(perUser, counts, userA, userB, s);
    if (p0 === null) continue;
    const rate = s.agree / s.compared;
    const p = itemWeightedTest(s.agree, s.compared, s.items.length, p0);
    if (p < threshold && rate >= p0 + COLLUSION.minLift) {
      // Only for alarms: whether each shared item was judged identically, and how far apart in time.
      const items: SharedItem[] = s.items.map(({ itemId, agree, compared, a, b }) => ({
        itemId,
        agree,
        compared,
        identical: identicalJudgments(a, b),
        gapMs: Math.abs(a.createdAt.getTime() - b.createdAt.getTime()),
      }));
      const gaps = items.map((i) => i.gapMs).sort((x, y) => x - y);
      const mid = gaps.length >> 1;
      const medianGapMs = gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
      const identicalItems = items.filter((i) => i.identical).length;
      alarms.push({
        userA,
        userB,
        sharedItems: s.items.length,
        agree: s.agree,
        compared: s.compared,
        rate,
        othersRate: p0,
        p,
        threshold,
        items,
        identicalItems,
        medianGapMs,
      });
    }
  }
  return { tested: eligible.length, alarms: alarms.sort((a, b) => a.p - b.p) };
}

type Sums = { agree: number; compared: number };

/**
 * Both labelers' agreement with everyone else, counted labelers only: each one's totals (which hold
 * only pairs with a counted partner) less the pair's own sums where the partner is counted. Null
 * when they share no pair with a counted other.
 */
function othersRate(perUser: Map<string, Sums>, counts: (userId: string) => boolean, a: string, b: string, s: Sums): number | null {
  const ua = perUser.get(a) ?? { agree: 0, compared: 0 };
  const ub = perUser.get(b) ?? { agree: 0, compared: 0 };
  const fromA = counts(b) ? s : { agree: 0, compared: 0 };
  const fromB = counts(a) ? s : { agree: 0, compared: 0 };
  const compared = ua.compared - fromA.compared + ub.compared - fromB.compared;
  if (compared <= 0) return null;
  return (ua.agree - fromA.agree + ub.agree - fromB.agree) / compared;
}
type PairSums = Sums & { items: { itemId: string; agree: number; compared: number; a: AbuseJudgment; b: AbuseJudgment }[] };

/** Per pair of labelers ("a|b", a < b) their agreement on each shared item, and per labeler their agreement with every counted other. */
export type PairAgreements = { pairs: Map<string, PairSums>; perUser: Map<string, Sums>; counts: (userId: string) => boolean };

/**
 * The pair agreements of `judgments`, the costly part of both collusion tests: computed once,
 * they can be handed to collusionAlarms and collusionGroupAlarms (the project's alarms do).
 */
export function pairAgreements(judgments: AbuseJudgment[]): PairAgreements {
  const counts = countedUsers(judgments);
  const byItem = new Map<string, AbuseJudgment[]>();
  for (const j of judgments) {
    if (!j.ranking.length) continue;
    let list = byItem.get(j.itemId);
    if (!list) byItem.set(j.itemId, (list = []));
    list.push(j);
  }
  const pairs = new Map<string, PairSums>();
  const perUser = new Map<string, Sums>();
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
        s.items.push({ itemId, agree, compared, a, b });
        for (const [u, partner] of [
          [a.userId, b.userId],
          [b.userId, a.userId],
        ] as const) {
          if (!counts(partner)) continue;
          const t = perUser.get(u) ?? { agree: 0, compared: 0 };
          perUser.set(u, { agree: t.agree + agree, compared: t.compared + compared });
        }
      }
  return { pairs, perUser, counts };
}

/**
 * One-sided exact binomial test of `agree` of `compared` response pairs against `p0`. Response
 * pairs of one item are correlated, so the counts are divided by the mean pairs per item (each
 * item weighs as one observation: conservative). NaN when p0 is 0 or 1.
 */
function itemWeightedTest(agree: number, compared: number, items: number, p0: number): number {
  const deff = compared / items;
  return p0 > 0 && p0 < 1 ? binomialTestGreater(Math.round(agree / deff), items, p0) : Number.NaN;
}

export const COLLUSION_GROUP = { minMembers: 3, minPairItems: 20, minLift: 0.15, alpha: 0.01 } as const;

/** Agreement, rates and p are of the test half of the items; othersRate is with labelers outside the group. */
export type CollusionGroupAlarm = AgreementTest & {
  /** Labeler ids, sorted. */
  members: string[];
  /** Shared (pair, item) observations among members in the test half. */
  pairItems: number;
  /** Every co-labelling pair of members over all items, for the evidence. */
  pairs: { userA: string; userB: string; sharedItems: number; rate: number }[];
};

/** The pair sums (and each labeler's totals) over the items of one half only, from the sums over all items. */
function restrictToHalf(
  all: Map<string, PairSums>,
  half: 0 | 1,
  counts: (userId: string) => boolean,
): { pairs: Map<string, PairSums>; perUser: Map<string, Sums> } {
  const pairs = new Map<string, PairSums>();
  const perUser = new Map<string, Sums>();
  for (const [key, s] of all) {
    const items = s.items.filter((i) => itemHalf(i.itemId) === half);
    if (items.length === 0) continue;
    const sums = { agree: items.reduce((t, i) => t + i.agree, 0), compared: items.reduce((t, i) => t + i.compared, 0) };
    pairs.set(key, { ...sums, items });
    const [a, b] = key.split('|') as [string, string];
    for (const [u, partner] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!counts(partner)) continue;
      const t = perUser.get(u) ?? { agree: 0, compared: 0 };
      perUser.set(u, { agree: t.agree + sums.agree, compared: t.compared + sums.compared });
    }
  }
  return { pairs, perUser };
}

/** Which half an item falls in (a stable FNV-1a hash of its id): 0 finds candidate groups, 1 tests them. */
export function itemHalf(itemId: string): 0 | 1 {
  let h = 0x811c9dc5;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 1) as 0 | 1;
}

/**
 * Colluding groups of three or more whose pairs may each share too few items for the pair test.
 * Sample splitting keeps the test honest: on the items of half 0, candidate links are pairs with
 * ≥ 3 shared items whose agreement is ≥ 15 points above both members' agreement with everyone
 * else; groups are the linked components of ≥ 3 labelers. On the items of half 1 (never used to
 * choose the group), each member must agree with the other members ≥ 15 points more than with
 * outsiders (a member who does not is dropped, so an honest labeler linked by chance falls out),
 * and the group's pooled agreement is tested against its members' agreement with outsiders:
 * one-sided exact binomial, each (pair, item) one observation, with ≥ 20 of them; alarm at
 * p < 0.01 / groups tested and a lift of ≥ 15 points.
 */
export function collusionGroupAlarms(
  judgments: AbuseJudgment[],
  agreements: PairAgreements = pairAgreements(judgments),
): { tested: number; alarms: CollusionGroupAlarm[] } {
  const { pairs: all, counts } = agreements;
  const find = restrictToHalf(all, 0, counts);
  const test = restrictToHalf(all, 1, counts);

  const parent = new Map<string, string>();
  const root = (u: string): string => {
    const p = parent.get(u) ?? u;
    if (p === u) return u;
    const r = root(p);
    parent.set(u, r);
    return r;
  };
  for (const [key, s] of find.pairs) {
    if (s.items.length < 3) continue;
    const [a, b] = key.split('|') as [string, string];
    const p0 = othersRate(find.perUser, counts, a, b, s);
    if (p0 === null) continue;
    if (s.agree / s.compared < p0 + COLLUSION_GROUP.minLift) continue;
    for (const u of [a, b]) if (!parent.has(u)) parent.set(u, u);
    parent.set(root(a), root(b));
  }
  const components = new Map<string, string[]>();
  for (const u of parent.keys()) {
    const r = root(u);
    components.set(r, [...(components.get(r) ?? []), u]);
  }

  /** In the test half: a set's agreement among itself and with outsiders, in all and per member. */
  const measure = (members: Set<string>) => {
    const inside: Sums & { items: number } = { agree: 0, compared: 0, items: 0 };
    const outside: Sums = { agree: 0, compared: 0 };
    const per = new Map<string, { inside: Sums; outside: Sums }>(
      [...members].map((m) => [m, { inside: { agree: 0, compared: 0 }, outside: { agree: 0, compared: 0 } }]),
    );
    for (const [key, s] of test.pairs) {
      const [a, b] = key.split('|') as [string, string];
      const inA = members.has(a);
      const inB = members.has(b);
      if (inA && inB) {
        inside.agree += s.agree;
        inside.compared += s.compared;
        inside.items += s.items.length;
      } else if (inA || inB) {
        // Outsiders are counted labelers only.
        if (!counts(inA ? b : a)) continue;
        outside.agree += s.agree;
        outside.compared += s.compared;
      } else continue;
      for (const [u, side] of [
        [a, inA && inB ? 'inside' : 'outside'],
        [b, inA && inB ? 'inside' : 'outside'],
      ] as const) {
        const t = per.get(u);
        if (!t) continue;
        t[side].agree += s.agree;
        t[side].compared += s.compared;
      }
    }
    return { inside, outside, per };
  };

  const candidates: Set<string>[] = [];
  for (const list of components.values()) {
    let members = new Set(list);
    for (;;) {
      if (members.size < COLLUSION_GROUP.minMembers) break;
      const { per } = measure(members);
      const kept = [...members].filter((m) => {
        const t = per.get(m)!;
        return (
          t.inside.compared > 0 &&
          t.outside.compared > 0 &&
          t.inside.agree / t.inside.compared >= t.outside.agree / t.outside.compared + COLLUSION_GROUP.minLift
        );
      });
      if (kept.length === members.size) break;
      members = new Set(kept);
    }
    if (members.size >= COLLUSION_GROUP.minMembers) candidates.push(members);
  }

  const threshold = COLLUSION_GROUP.alpha / Math.max(1, candidates.length);
  const alarms: CollusionGroupAlarm[] = [];
  for (const members of candidates) {
    const { inside, outside } = measure(members);
    if (inside.items < COLLUSION_GROUP.minPairItems || outside.compared === 0) continue;
    const p0 = outside.agree / outside.compared;
    const rate = inside.agree / inside.compared;
    const p = itemWeightedTest(inside.agree, inside.compared, inside.items, p0);
    if (!(p < threshold && rate >= p0 + COLLUSION_GROUP.minLift)) continue;
    const sorted = [...members].sort();
    const pairs = sorted.flatMap((a, i) =>
      sorted.slice(i + 1).flatMap((b) => {
        const s = all.get(`${a}|${b}`);
        return s ? [{ userA: a, userB: b, sharedItems: s.items.length, rate: s.agree / s.compared }] : [];
      }),
    );
    alarms.push({
      members: sorted,
      pairItems: inside.items,
      agree: inside.agree,
      compared: inside.compared,
      rate,
      othersRate: p0,
      p,
      threshold,
      pairs,
    });
  }
  return { tested: candidates.length, alarms: alarms.sort((a, b) => a.p - b.p) };
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
    const rows = list.map((j) => ({
      judgmentId: j.id,
      itemId: j.itemId,
      durationMs: j.durationMs,
      floorMs: speedFloorMs(floorSeconds, j.chars),
      createdAt: j.createdAt,
    }));
    const below = rows.filter((r) => r.durationMs < r.floorMs).length;
    const p = binomialTestGreater(below, rows.length, 0.5);
    if (p >= SPEED.alpha) continue;
    const sorted = rows.map((r) => r.durationMs).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const medianMs = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    alarms.push({
      userId,
      judgments: rows.length,
      below,
      medianMs,
      p,
      fastest: rows.sort((a, b) => a.durationMs - b.durationMs).slice(0, 50),
    });
  }
  return alarms.sort((a, b) => a.p - b.p);
}

export type BurstRun = {
  length: number;
  pattern: string;
  nullProbability: number;
  judgments: { judgmentId: string; itemId: string; createdAt: Date }[];
};
export type BurstAlarm = { userId: string; judgments: number; runs: BurstRun[] };

const FACTORIALS = Array.from({ length: 21 }, (_, n) => Array.from({ length: n }, (_, i) => i + 1).reduce((p, x) => p * x, 1));
const factorial = (n: number): number => (n <= 1 ? 1 : n < FACTORIALS.length ? FACTORIALS[n]! : n * factorial(n - 1));

/** The ranking by shown position ("1 > 3 = 2": shown positions, best first) and the Likert scores by shown position. */
export function positionPattern(j: AbuseJudgment): { pattern: string; arrangements: number } | null {
  const shown = j.shownOrder;
  if (!shown || !j.ranking.length) return null;
  // Shown position (1-based; 0 when not shown). A linear search: a task shows a handful of responses.
  const order = j.ranking
    .map((g) =>
      g
        .map((r) => shown.indexOf(r) + 1)
        .sort((a, b) => a - b)
        .join(' = '),
    )
    .join(' > ');
  const likert = j.likert ? shown.map((r) => j.likert![r] ?? '–').join(',') : '';
  // Distinct position patterns a shuffle gives the same tie structure: K! / Π (group size)!.
  const arrangements = factorial(shown.length) / j.ranking.reduce((t, g) => t * factorial(g.length), 1);
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
        runs.push({
          length: run.length,
          pattern: first.pattern,
          nullProbability,
          judgments: run.map((j) => ({ judgmentId: j.id, itemId: j.itemId, createdAt: j.createdAt })),
        });
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
