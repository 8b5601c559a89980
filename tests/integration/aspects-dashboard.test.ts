/**
 * The dashboard's aspects section (issue 27) on seeded judgments, against figures worked out by
 * hand: agreement per aspect (pooled strict pairs, ties excluded), the share of own rankings and of
 * flipped pairs, and Bradley–Terry ratings from the aspect's rankings; an excluded labeler is left out.
 */
import { describe, expect, it } from 'vitest';
import { buildItem, buildJudgment, buildProject, insertMemberships, insertUsers } from '@/lib/builders';
import { getAspectFigures } from '@/lib/dashboard/get-aspect-figures';
import { getPgPool } from '@/lib/db';
import { bradleyTerryFromTallies } from '@/lib/stats';

const inside = (i: { estimate: number; low: number; high: number }) => i.low <= i.estimate + 1e-12 && i.estimate <= i.high + 1e-12;

describe('aspect figures on the dashboard', () => {
  it('agreement, own rankings, flipped pairs and ratings per aspect equal the hand-computed figures', async () => {
    const project = await buildProject({
      overlap: 3,
      settings: {
        aspects: {
          enabled: true,
          list: [
            { name: 'honesty', description: 'h' },
            { name: 'tone', description: 't' },
          ],
        },
      },
    });
    const [l1, l2, l3] = await insertUsers({ count: 3 });
    await insertMemberships({ projectId: project.id, userIds: [l1!.id, l2!.id, l3!.id] });
    const one = await buildItem({ projectId: project.id, externalId: 'one', responses: 3 });
    const two = await buildItem({ projectId: project.id, externalId: 'two', responses: 3 });
    const judge = (item: typeof one, userId: string, ranking: (number | number[])[], honesty?: (number | number[])[]) =>
      buildJudgment({
        item,
        userId,
        ranking,
        source: 'LABELED',
        aspects: [{ aspect: 'honesty', ...(honesty ? { ranking: honesty } : {}) }],
      });
    // Item 1: L1 a>b>c, honesty c>b>a (own); L2 a>b>c, honesty same. Item 2: L1 b>a>c, same; L2 b>a>c, honesty b>{a,c} (own).
    await judge(one, l1!.id, [0, 1, 2], [2, 1, 0]);
    await judge(one, l2!.id, [0, 1, 2]);
    await judge(two, l1!.id, [1, 0, 2]);
    await judge(two, l2!.id, [1, 0, 2], [1, [0, 2]]);
    // An excluded labeler's answers are not counted.
    await judge(one, l3!.id, [2, 1, 0], [0, 1, 2]);
    await getPgPool().query(`UPDATE memberships SET excluded = true WHERE "projectId" = $1 AND "userId" = $2`, [project.id, l3!.id]);

    const data = await getAspectFigures({ projectId: project.id });

    expect(data?.answers).toBe(4);
    const [honesty, tone] = data!.figures;
    expect(honesty).toMatchObject({ aspect: 'honesty', judgments: 4, items: 2 });
    // Item 1: c>b>a against a>b>c: 0 of 3 pairs agree. Item 2: b>a>c against b>{a,c}: 2 of 2 (a–c tied on one side). Pooled 2/5.
    expect(honesty!.agreement.estimate).toBeCloseTo(0.4, 12);
    // Own rankings: 2 of 4 answers.
    expect(honesty!.ownShare.estimate).toBe(0.5);
    // Flipped: L1 on item 1 reverses all 3 strict overall pairs; the others none (a tie is no flip): 3 of 12.
    expect(honesty!.flippedShare.estimate).toBe(0.25);
    for (const i of [honesty!.agreement, honesty!.ownShare, honesty!.flippedShare]) expect(inside(i)).toBe(true);
    // Games from the honesty rankings: a–b 4 games, a 1 win; a–c 4, a 2.5 (one tie); b–c 4, b 3.
    const expected = bradleyTerryFromTallies(
      [
        { a: 'model-a', b: 'model-b', games: 4, wins: 1 },
        { a: 'model-a', b: 'model-c', games: 4, wins: 2.5 },
        { a: 'model-b', b: 'model-c', games: 4, wins: 3 },
      ],
      { prior: 1, tolerance: 1e-8 },
    );
    expect(honesty!.models.map((m) => m.modelId)).toEqual(['model-b', 'model-a', 'model-c']);
    for (const m of honesty!.models) {
      expect(m.rating.estimate).toBeCloseTo(expected[m.modelId]!, 4);
      expect(m.games).toBe(8);
    }
    // An aspect nobody answered yet: no figures, no ratings.
    expect(tone).toMatchObject({ aspect: 'tone', judgments: 0, models: [] });
    expect(Number.isNaN(tone!.agreement.estimate)).toBe(true);
  });

  it('a project without aspects has no section', async () => {
    const project = await buildProject({ overlap: 1 });
    expect(await getAspectFigures({ projectId: project.id })).toBeNull();
  });
});
