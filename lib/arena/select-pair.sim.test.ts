import { describe, expect, it } from 'vitest';
import { arenaLeaderboard, arenaRawScores } from '@/lib/arena/leaderboard';
import { selectSides } from '@/lib/arena/select-pair';
import type { ArenaModel, ArenaVote, PairSelectionRule } from '@/lib/arena/types';
import { seededRandom } from '@/lib/stats';

/**
 * The simulation of issue 26: 8 synthetic models with known Bradley–Terry strengths; each battle's
 * pair comes from selectSides, its verdict is drawn from the BT model; every CHECK votes the
 * leaderboard's raw bootstrap intervals are computed, until every model's interval is narrower than
 * TARGET. Uniform and active selection run on the same seeds; active must need fewer votes in total.
 */
const STRENGTHS: Record<string, number> = { m1: 1250, m2: 1200, m3: 1100, m4: 1050, m5: 1000, m6: 950, m7: 850, m8: 700 };
const MODELS: ArenaModel[] = Object.keys(STRENGTHS).map((name) => ({ connectionId: `c-${name}`, name }));
const TARGET = 110;
const CHECK = 25;
const RESAMPLES = 100;
const SEEDS = [1, 2, 3, 4];

const battle = (n: number, sides: ArenaModel[], winner: ArenaVote['winner'], answers?: string[]): ArenaVote => ({
  battleId: `b${n}`,
  turn: 1,
  sides: sides.map((m, i) => ({
    connectionId: m.connectionId,
    model: m.name,
    conversation: [
      { role: 'user', content: `q${n}` },
      { role: 'assistant', content: answers?.[i] ?? 'ok' },
    ],
    answer: answers?.[i] ?? 'ok',
  })),
  winner,
  judge: 'j',
  anony: true,
  votedAt: new Date(0),
});

const beats = (a: number, b: number) => 1 / (1 + 10 ** ((b - a) / 400));

function votesToTarget(rule: PairSelectionRule, seed: number): number {
  const random = seededRandom(seed);
  const votes: ArenaVote[] = [];
  for (;;) {
    const sides = selectSides({ models: MODELS, votes, rule, sides: 2, random });
    const aWins = random() < beats(STRENGTHS[sides[0]!.name]!, STRENGTHS[sides[1]!.name]!);
    votes.push(battle(votes.length, sides, { kind: 'side', index: aWins ? 0 : 1 }));
    if (votes.length % CHECK !== 0) continue;
    const rows = arenaRawScores(votes, { bootstrap: RESAMPLES, seed });
    if (rows.length === MODELS.length && rows.every((r) => r.high - r.low < TARGET)) return votes.length;
    if (votes.length >= 20_000) throw new Error(`${rule} did not reach the target`);
  }
}

describe('pair selection simulation (8 models, known strengths)', () => {
  it(`active selection reaches intervals narrower than ${TARGET} with fewer votes than uniform`, { timeout: 300_000 }, () => {
    const uniform = SEEDS.map((seed) => votesToTarget('uniform', seed));
    const active = SEEDS.map((seed) => votesToTarget('active', seed));
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    console.log(
      `votes until every 95% interval < ${TARGET} rating points, seeds ${SEEDS.join(',')}: uniform ${uniform.join(', ')} (mean ${
        sum(uniform) / SEEDS.length
      }); active ${active.join(', ')} (mean ${sum(active) / SEEDS.length}); active/uniform ${(sum(active) / sum(uniform)).toFixed(2)}`,
    );
    expect(sum(active)).toBeLessThan(sum(uniform));
    expect(active.filter((a, i) => a < uniform[i]!).length).toBeGreaterThanOrEqual(SEEDS.length - 1);
  });

  it('style control recovers the planted strengths when one model is simply more verbose; the raw fit ranks it too high', () => {
    // m5 is planted at 1000 but mostly writes long markdown answers (others now and then); the simulated
    // labelers favour length (+2.4 log-odds per unit of normalised length difference), over and above strength.
    const random = seededRandom(11);
    const votes: ArenaVote[] = [];
    const short = 'A short plain answer.';
    const long = () =>
      `${random() < 0.5 ? '## Answer\n\n' : ''}${Array.from(
        { length: 2 + Math.floor(random() * 6) },
        (_, i) => `- ${random() < 0.5 ? `**Point ${i}**` : 'Point'}: a longer explanation of the point.`,
      ).join('\n')}`;
    for (let n = 0; n < 3000; n++) {
      const sides = selectSides({ models: MODELS, votes, rule: 'uniform', sides: 2, random });
      const answers = sides.map((m) => (random() < (m.name === 'm5' ? 0.8 : 0.15) ? long() : random() < 0.5 ? short : `${short} ${short}`));
      const lengthDiff = (answers[0]!.length - answers[1]!.length) / (answers[0]!.length + answers[1]!.length);
      const logit = ((STRENGTHS[sides[0]!.name]! - STRENGTHS[sides[1]!.name]!) * Math.LN10) / 400 + 2.4 * lengthDiff;
      const aWins = random() < 1 / (1 + Math.exp(-logit));
      votes.push(battle(n, sides, { kind: 'side', index: aWins ? 0 : 1 }, answers));
    }
    const board = arenaLeaderboard(votes, { bootstrap: 50, seed: 3 });
    const rawM5 = board.raw.find((r) => r.model === 'm5')!;
    const styleM5 = board.styleControlled.rows.find((r) => r.model === 'm5')!;
    const planted = (m: string) => STRENGTHS[m]! - Object.values(STRENGTHS).reduce((s, x) => s + x, 0) / 8 + 1000;
    console.log(
      `verbose model m5 planted at ${planted('m5').toFixed(0)}: raw ${rawM5.score.toFixed(0)} [${rawM5.low.toFixed(0)}, ${rawM5.high.toFixed(0)}], ` +
        `style-controlled ${styleM5.score.toFixed(0)} [${styleM5.low.toFixed(0)}, ${styleM5.high.toFixed(0)}]; length coefficient ${board.styleControlled.coefficients[0]!.estimate.toFixed(2)}`,
    );
    // The raw fit lifts m5 well above its planted strength (above m3 and m4, planted stronger); style control does not.
    expect(rawM5.low).toBeGreaterThan(planted('m5'));
    expect(rawM5.score).toBeGreaterThan(board.raw.find((r) => r.model === 'm3')!.score);
    expect(styleM5.low).toBeLessThan(planted('m5'));
    expect(styleM5.high).toBeGreaterThan(planted('m5'));
    // Every model's style-controlled interval holds its planted strength, and the length coefficient is positive.
    for (const row of board.styleControlled.rows) {
      expect(Math.abs(row.score - planted(row.model))).toBeLessThan(50);
    }
    expect(board.styleControlled.coefficients[0]!.low).toBeGreaterThan(0);
  });
});
