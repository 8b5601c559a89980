/**
 * Coordinated or careless feedback alarms (issue 10), planted, fixed seed: ten honest simulated
 * labelers (true order plus noise, 20–60 s a ranking), a colluding pair (both submit one shared
 * random order on the 60 items they share), a speed clicker (honest rankings in 2–4 s) and a burst
 * clicker (always ranks in shown order). Each alarm must fire for exactly its planted labelers.
 */
import { describe, expect, it } from 'vitest';
import { findAbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import { seededRandom } from '@/lib/stats';
import { insertPoolProject, shuffler, type PoolSimJudgment } from '../helpers/pool-fixture';

const HONEST = 10;
const [COLLUDER_A, COLLUDER_B, SPEEDER, BURSTER] = [10, 11, 12, 13];
const ITEMS = 240;
const K = 4;

describe('abuse alarms', () => {
  it('flag the colluding pair, the speed clicker and the burst clicker, and no honest labeler', { timeout: 120_000 }, async () => {
    const random = seededRandom(11);
    const shuffle = shuffler(random);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const responses = Array.from({ length: K }, (_, r) => r);
    const judgments: PoolSimJudgment[] = [];
    for (let item = 0; item < ITEMS; item++) {
      const trueRank = shuffle(responses);
      const honest = shuffle(Array.from({ length: HONEST }, (_, l) => l));
      // The colluders share the first 60 items; the two clickers take part in half the items each.
      const who = item < 60 ? [COLLUDER_A, COLLUDER_B, honest[0]!] : [item % 2 ? SPEEDER : BURSTER, honest[0]!, honest[1]!];
      const shared = shuffle(responses);
      for (const labeler of who) {
        const shownOrder = shuffle(responses);
        const scores = new Map(responses.map((r) => [r, trueRank[r]! + 1.3 * gaussian()]));
        let order = [...responses].sort((a, b) => scores.get(a)! - scores.get(b)!);
        if (labeler === COLLUDER_A || labeler === COLLUDER_B) order = shared;
        if (labeler === BURSTER) order = shownOrder;
        const durationMs = labeler === SPEEDER ? 2_000 + Math.floor(random() * 2_000) : 20_000 + Math.floor(random() * 40_000);
        judgments.push({ item, labeler, shownOrder, ranking: order.map((r) => [r]), durationMs, seconds: judgments.length * 30 });
      }
    }
    const { project, users } = await insertPoolProject({ labelers: 14, items: ITEMS, k: K, judgments });
    const index = new Map(users.map((u, l) => [u, l]));

    const alarms = (await findAbuseAlarms({ projectId: project.id })).alarms!;
    expect(alarms.collusion.alarms.map((a) => [index.get(a.userA), index.get(a.userB)].sort((x, y) => x! - y!))).toEqual([
      [COLLUDER_A, COLLUDER_B],
    ]);
    const pair = alarms.collusion.alarms[0]!;
    expect(pair.sharedItems).toBe(60);
    expect(pair.rate).toBe(1);
    expect(pair.p).toBeLessThan(pair.threshold);
    expect(pair.items).toHaveLength(60);
    // They copied one order (and gave no Likert scores): every shared item is identical.
    expect(pair.identicalItems).toBe(60);
    expect(pair.items.every((i) => i.identical && i.gapMs > 0)).toBe(true);
    // Honest pairs were tested too (Bonferroni over all of them).
    expect(alarms.collusion.tested).toBeGreaterThanOrEqual(5);
    // A pair is not a group: no honest labeler is pulled into a group alarm with them.
    expect(alarms.collusionGroups.alarms).toEqual([]);

    expect(alarms.speed.map((a) => index.get(a.userId))).toEqual([SPEEDER]);
    expect(alarms.speed[0]!.below).toBe(alarms.speed[0]!.judgments);
    expect(alarms.speed[0]!.medianMs).toBeLessThan(8_000);

    expect(alarms.bursts.map((a) => index.get(a.userId))).toEqual([BURSTER]);
    expect(alarms.bursts[0]!.runs[0]!.length).toBe(90);
    expect(alarms.bursts[0]!.runs[0]!.pattern).toBe('1 > 2 > 3 > 4');
    expect(alarms.members[users[SPEEDER]!]).toMatchObject({ paused: false, excluded: false });
  });
});
