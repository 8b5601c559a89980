/**
 * Issue 25: a small labeled project for the AI judge tests, with hand-checkable agreement. Four
 * items, each a "good" and a "bad" response (models m-good, m-bad); human rankings:
 * item 1 good>bad twice; item 2 bad>good twice; item 3 good>bad and bad>good (no consensus);
 * item 4 good>bad twice and one tie. With fixedJudge (good first, but item 3: whatever is shown
 * first), judge vs consensus 2/3 (ties as disagreement 2/4), judge vs labelers 5/8 (5/9),
 * labelers vs labelers 3/4 (3/6), position consistency 3 of 4.
 */
import { buildModelConnection, buildProject, buildUser, insertItems, insertJudgments } from '@/lib/builders';
import { promptKind, rankingAnswer, shownAnswers } from './judge-responder';

/** The judge prefers the text saying "good"; on "Item 3" it picks whatever is shown first (a position bias). */
export const fixedJudge = (content: string): string | undefined => {
  if (promptKind(content) !== 'judge') return undefined;
  const answers = shownAnswers(content);
  if (content.includes('Item 3?')) return rankingAnswer(answers, (a) => (a.letter === 'A' ? 6 : 2));
  return rankingAnswer(answers, (a) => (a.text.startsWith('good') ? 6 : 2));
};

export async function makeJudgeProject(options: { baseUrl: string }) {
  const lead = await buildUser({ role: 'LEAD' });
  const users = await Promise.all([1, 2, 3].map(() => buildUser({ role: 'LABELER' })));
  const project = await buildProject({ members: [lead.email, ...users.map((u) => u.email)] });
  const items = await insertItems({
    projectId: project.id,
    count: 4,
    externalId: (n) => `judge-item-${n}`,
    prompt: (n) => `Item ${n}?`,
    responses: (n) => [
      { text: `good answer ${n}`, modelId: 'm-good', externalId: `good-${n}` },
      { text: `bad answer ${n}`, modelId: 'm-bad', externalId: `bad-${n}` },
    ],
  });
  const [u1, u2, u3] = users.map((u) => u.id) as [string, string, string];
  const good = (n: number) => items[n - 1]!.responses[0]!.id;
  const bad = (n: number) => items[n - 1]!.responses[1]!.id;
  const judged = (n: number, userId: string, ranking: string[][]) => ({
    itemId: items[n - 1]!.id,
    userId,
    shownOrder: [good(n), bad(n)],
    ranking,
  });
  await insertJudgments({
    projectId: project.id,
    judgments: [
      judged(1, u1, [[good(1)], [bad(1)]]),
      judged(1, u2, [[good(1)], [bad(1)]]),
      judged(2, u1, [[bad(2)], [good(2)]]),
      judged(2, u2, [[bad(2)], [good(2)]]),
      judged(3, u1, [[good(3)], [bad(3)]]),
      judged(3, u2, [[bad(3)], [good(3)]]),
      judged(4, u1, [[good(4)], [bad(4)]]),
      judged(4, u2, [[good(4)], [bad(4)]]),
      judged(4, u3, [[good(4), bad(4)]]),
    ],
  });
  const connection = await buildModelConnection({
    projectId: project.id,
    baseUrl: options.baseUrl,
    model: 'judge-model',
    name: 'Judge conn',
  });
  return { lead, project, items, connection, users: [u1, u2, u3] };
}
