/**
 * A project with accepted perturbations and critiques of both texts, written straight to the
 * database (the perturb side has its own tests): the detect tests' starting point.
 */
import { randomUUID } from 'node:crypto';
import { getDb, getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';

export const ORIGINAL_TEXT =
  'Water boils at 100 degrees Celsius at sea level. At higher altitude it boils at a lower temperature, because the air pressure is lower.';
export const FLAWED_TEXT =
  'Water boils at 100 degrees Celsius at sea level. At higher altitude it boils at a higher temperature, because the air pressure is lower.';
/** The diff span of FLAWED_TEXT in itself ("higher" replacing "lower"). */
export const PLANTED = { start: FLAWED_TEXT.indexOf('higher'), end: FLAWED_TEXT.indexOf('higher') + 'higher'.length };
const ORIGINAL_SPAN = { start: ORIGINAL_TEXT.indexOf('lower'), end: ORIGINAL_TEXT.indexOf('lower') + 'lower'.length };

export type EvalWorld = {
  projectId: string;
  labelers: string[];
  author: string;
  perturbations: { id: string; itemId: string; responseId: string }[];
};

/**
 * `sources` items, each with one response and one accepted perturbation of it (written by
 * `author`, a member too), two critiques of the original and two of the flawed text.
 */
export async function makeEvalWorld(options: {
  sources: number;
  labelers: number;
  trialsPerSource?: number;
  minSpanOverlap?: number;
  severities?: number[];
  categories?: string[];
}): Promise<EvalWorld> {
  const project = await createProject({
    actorId: null,
    input: { name: 'Critique eval', slug: `ce-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 1, minResponses: 1, maxResponses: 9 },
  });
  await getDb().project.update({
    where: { id: project.id },
    data: {
      settings: {
        goldRate: 0,
        taskMix: { rank: 0, demonstrate: 0, perturb: 0, detect: 1 },
        detect: { trialsPerSource: options.trialsPerSource ?? 4, minSpanOverlap: options.minSpanOverlap ?? 0.3 },
      },
    },
  });
  const pool = getPgPool();
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'ce' || g || '-' || $1 || '@t.test', 'Evaluator ' || g, 'LABELER', now() FROM generate_series(0, $2::int) g RETURNING id`,
    [randomUUID(), options.labelers],
  );
  await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, u FROM unnest($2::uuid[]) u`, [
    project.id,
    users.map((u) => u.id),
  ]);
  const author = users[0]!.id;
  const { rows: items } = await pool.query<{ id: string; n: number }>(
    `INSERT INTO items ("projectId", "externalId", messages) SELECT $1, 'src-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g || ': at what temperature does water boil?')) FROM generate_series(1, $2::int) g
     RETURNING id, substring("externalId" from 5)::int AS n`,
    [project.id, options.sources],
  );
  items.sort((a, b) => a.n - b.n);
  const { rows: responses } = await pool.query<{ id: string; itemId: string }>(
    `INSERT INTO responses ("itemId", "externalId", text, "modelId") SELECT i, 'r', $2, 'secret-model-x' FROM unnest($1::uuid[]) i RETURNING id, "itemId"`,
    [items.map((i) => i.id), ORIGINAL_TEXT],
  );
  const responseOf = new Map(responses.map((r) => [r.itemId, r.id]));
  const severities = options.severities ?? [1, 2, 3, 4];
  const categories = options.categories ?? ['ACCURACY', 'COVERAGE', 'COHERENCE', 'HARMFUL', 'OTHER'];
  const perturbations: EvalWorld['perturbations'] = [];
  for (const [k, item] of items.entries()) {
    const responseId = responseOf.get(item.id)!;
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO perturbations ("projectId", "itemId", "responseId", "authorId", "flawedText", description, category, severity, "missableBecause",
                                  "flawedStart", "flawedEnd", "originalStart", "originalEnd", status, "createdAt")
       VALUES ($1, $2, $3, $4, $5, 'Says higher instead of lower', $6, $7, 'One word changed', $8, $9, $10, $11, 'ACCEPTED', now() - make_interval(secs => $12))
       RETURNING id`,
      [
        project.id,
        item.id,
        responseId,
        author,
        FLAWED_TEXT,
        categories[k % categories.length],
        severities[k % severities.length],
        PLANTED.start,
        PLANTED.end,
        ORIGINAL_SPAN.start,
        ORIGINAL_SPAN.end,
        options.sources - k,
      ],
    );
    const id = rows[0]!.id;
    await pool.query(
      `INSERT INTO critiques ("responseId", "perturbationId", text, "textHash", "modelId") VALUES
         ($1, NULL, 'The original is correct.', $3 || '-o1', 'critic'), ($1, NULL, 'Could mention pressure cookers.', $3 || '-o2', 'critic'),
         ($1, $2, 'Boiling point falls with altitude: "higher" is wrong.', $3 || '-f1', 'critic'), ($1, $2, 'The explanation contradicts the claim.', $3 || '-f2', 'critic')`,
      [responseId, id, id],
    );
    perturbations.push({ id, itemId: item.id, responseId });
  }
  // Fresh tables have no statistics yet; a live database has them (autovacuum), so plans match production.
  await pool.query('ANALYZE perturbations, critiques, responses, assignments, detect_trials, items');
  return { projectId: project.id, labelers: users.slice(1).map((u) => u.id), author, perturbations };
}
