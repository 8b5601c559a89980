/**
 * Preferences by group (issue 10), planted: two language groups of six simulated labelers prefer
 * opposite models (m0 over m1 in 80% of rankings, and the reverse; two Italians are indifferent), fixed seed. The breakdown must
 * show the difference with non-overlapping 95% intervals while the pooled scores hide it; a group
 * of two is hidden and counted; the items where the groups disagree most are listed.
 */
import { describe, expect, it } from 'vitest';
import { findGroupBreakdown } from '@/lib/dashboard/find-group-breakdown';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { seededRandom } from '@/lib/stats';
import { insertPoolProject, shuffler, type PoolSimJudgment } from '../helpers/pool-fixture';
import { drainJobs } from '../helpers/drain-jobs';

const LABELERS = 14; // 0–5 German, 6–11 French, 12–13 Italian (a group of two)
const ITEMS = 240;
const language = (l: number) => (l < 6 ? 'german' : l < 12 ? 'french' : 'italian');

describe('group breakdown', () => {
  it('shows planted opposite group preferences that the pooled scores hide; small groups hidden', { timeout: 120_000 }, async () => {
    const random = seededRandom(7);
    const shuffle = shuffler(random);
    const judgments: PoolSimJudgment[] = [];
    for (let item = 0; item < ITEMS; item++) {
      for (const labeler of shuffle(Array.from({ length: LABELERS }, (_, l) => l)).slice(0, 3)) {
        const likesFirst = random() < { german: 0.8, french: 0.2, italian: 0.5 }[language(labeler)];
        judgments.push({
          item,
          labeler,
          shownOrder: shuffle([0, 1]),
          ranking: likesFirst ? [[0], [1]] : [[1], [0]],
          durationMs: 20_000,
          seconds: judgments.length,
        });
      }
    }
    const { project, users } = await insertPoolProject({ labelers: LABELERS, items: ITEMS, k: 2, judgments });
    for (let l = 0; l < LABELERS; l++)
      await saveMyProfile({
        userId: users[l]!,
        input: { languages: [{ language: language(l), proficiency: 'NATIVE' }], region: l % 2 ? 'north' : 'south' },
      });

    await drainJobs({ projectId: project.id }); // inserted judgments are counted by the background recompute
    const breakdown = (await findGroupBreakdown({ projectId: project.id, attribute: 'language' })).breakdown!;
    expect(breakdown.attributes).toEqual(['language', 'region']);
    expect(breakdown.minGroupSize).toBe(5);
    expect(breakdown.groups.map((g) => [g.value, g.labelers])).toEqual([
      ['french', 6],
      ['german', 6],
    ]);
    expect(breakdown.hiddenGroups).toBe(1);
    expect(JSON.stringify(breakdown.groups)).not.toContain('italian');

    const rating = (value: string, model: string) =>
      breakdown.groups.find((g) => g.value === value)!.models.find((m) => m.modelId === model)!.rating;
    const german = rating('german', 'm0');
    const french = rating('french', 'm0');
    expect(german.estimate).toBeGreaterThan(1100);
    expect(french.estimate).toBeLessThan(900);
    expect(german.low).toBeGreaterThan(french.high);
    // Pooled, the two preferences cancel: m0's interval straddles m1's.
    const pooled = (model: string) => breakdown.pooled.models.find((m) => m.modelId === model)!.rating;
    expect(pooled('m0').low).toBeLessThan(pooled('m1').high);
    expect(pooled('m1').low).toBeLessThan(pooled('m0').high);
    expect(Math.abs(pooled('m0').estimate - pooled('m1').estimate)).toBeLessThan(80);
    for (const g of breakdown.groups) {
      expect(g.agreement.low).toBeLessThanOrEqual(g.agreement.estimate);
      expect(g.agreement.high).toBeGreaterThanOrEqual(g.agreement.estimate);
    }

    expect(breakdown.disagreements.length).toBeGreaterThan(0);
    expect(breakdown.disagreements[0]!.difference).toBe(1);
    expect([breakdown.disagreements[0]!.groupA, breakdown.disagreements[0]!.groupB].sort()).toEqual(['french', 'german']);

    // A minimum of 8 hides both regions (seven labelers each).
    const { getPgPool } = await import('@/lib/db');
    await getPgPool().query(`INSERT INTO project_pool_settings ("projectId", "minGroupSize", "updatedAt") VALUES ($1, 8, now())`, [
      project.id,
    ]);
    const strict = (await findGroupBreakdown({ projectId: project.id, attribute: 'region' })).breakdown!;
    expect(strict.attribute).toBe('region');
    expect(strict.groups).toEqual([]);
    expect(strict.hiddenGroups).toBe(2);
  });
});
