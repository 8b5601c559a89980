/**
 * A project whose labels carry a known length bias (issue 28): `items` single-turn items, each with
 * a response of "model-verbose" (usually longer) and one of "model-concise"; every labeler of an
 * item picks the longer response with probability `longerWins` (seeded), sees the two in a seeded
 * random order, and its judgment is stored as a submitted assignment (the shown order is kept).
 * Returns what the health report must find: rows and the longer-chosen count.
 */
import { insertItems, insertJudgments, type JudgmentRow } from '@/lib/builders';
import { seededRandom } from '@/lib/stats/random';

const WORDS = 'the answer explains each step with care and gives an example of the idea in plain words'.split(' ');
const text = (words: number, random: () => number) =>
  Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(' ');

export async function seedLengthBiasedItems(options: {
  projectId: string;
  labelerIds: string[];
  items: number;
  longerWins: number;
  seed?: number;
}): Promise<{ judgments: number; longerChosen: number; equalLength: number }> {
  const random = seededRandom(options.seed ?? 28);
  const texts = Array.from({ length: options.items }, () => [
    text(30 + Math.floor(random() * 60), random),
    text(8 + Math.floor(random() * 50), random),
  ]);
  const items = await insertItems({
    projectId: options.projectId,
    count: options.items,
    externalId: (n) => `len-${n}`,
    prompt: (n) => `Question ${n}: explain the idea with an example`,
    responses: (n) => [
      { text: texts[n - 1]![0]!, modelId: 'model-verbose', externalId: `len-${n}-v` },
      { text: texts[n - 1]![1]!, modelId: 'model-concise', externalId: `len-${n}-c` },
    ],
  });
  const judgments: JudgmentRow[] = [];
  let longerChosen = 0;
  let equalLength = 0;
  items.forEach((item, i) => {
    const v = item.responses[0]!;
    const c = item.responses[1]!;
    const [tv, tc] = texts[i]! as [string, string];
    const longer = tv.length >= tc.length ? v.id : c.id;
    const shorter = longer === v.id ? c.id : v.id;
    for (const userId of options.labelerIds) {
      const pickLonger = random() < options.longerWins;
      const shownOrder = random() < 0.5 ? [v.id, c.id] : [c.id, v.id];
      if (tv.length === tc.length) equalLength += 1;
      else if (pickLonger) longerChosen += 1;
      judgments.push({ itemId: item.id, userId, shownOrder, ranking: pickLonger ? [[longer], [shorter]] : [[shorter], [longer]] });
    }
  });
  await insertJudgments({ projectId: options.projectId, judgments });
  return { judgments: judgments.length, longerChosen, equalLength };
}
