import type { TAspectAnswer, TAspectSettings } from '@/lib/aspects/schemas';
import { checkRanking } from '@/lib/judgments/check-ranking';

/** An aspect answer as stored (judgment_aspects): with the aspect's description at the time of the submit. */
export type StoredAspectAnswer = { aspect: string; description: string; sameAsOverall: boolean; ranking: string[][] | null };

/**
 * The aspect answers of a ranking submit checked against the project's aspects (issue 27), in the
 * settings' order, or why not. Every aspect must be answered (nothing defaults to "same as
 * overall"); an own ranking follows the overall ranking's rules (every shown response placed,
 * ties allowed). With aspects off, or "all unacceptable", there is nothing to answer.
 */
export function checkAspectAnswers(o: {
  answers: TAspectAnswer[] | undefined;
  settings: TAspectSettings;
  shownOrder: string[];
  allUnacceptable: boolean;
}): { ok: true; rows: StoredAspectAnswer[] } | { ok: false; problem: string } {
  const answers = o.answers ?? [];
  if (!o.settings.enabled) {
    return answers.length === 0
      ? { ok: true, rows: [] }
      : { ok: false, problem: 'This project does not collect aspects: leave "aspects" out' };
  }
  if (o.allUnacceptable) {
    return answers.length === 0
      ? { ok: true, rows: [] }
      : { ok: false, problem: 'With "all unacceptable" there is nothing to rank per aspect: leave "aspects" out' };
  }
  const defined = new Map(o.settings.list.map((a) => [a.name, a]));
  const byName = new Map<string, TAspectAnswer>();
  for (const answer of answers) {
    if (!defined.has(answer.aspect)) {
      return { ok: false, problem: `"${answer.aspect}" is not an aspect of this project (${[...defined.keys()].join(', ')})` };
    }
    if (byName.has(answer.aspect)) return { ok: false, problem: `Aspect "${answer.aspect}" is answered twice` };
    byName.set(answer.aspect, answer);
  }
  const missing = o.settings.list.filter((a) => !byName.has(a.name)).map((a) => a.name);
  if (missing.length > 0) {
    return { ok: false, problem: `Aspect not answered: ${missing.join(', ')} (answer "same as overall" or give its own ranking)` };
  }
  const rows: StoredAspectAnswer[] = [];
  for (const def of o.settings.list) {
    const answer = byName.get(def.name);
    if (!answer) continue;
    if (answer.ranking) {
      const problem = checkRanking(answer.ranking, o.shownOrder);
      if (problem) return { ok: false, problem: `Aspect "${def.name}": ${problem}` };
    }
    rows.push({ aspect: def.name, description: def.description, sameAsOverall: answer.sameAsOverall, ranking: answer.ranking });
  }
  return { ok: true, rows };
}
