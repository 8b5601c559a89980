import type pg from 'pg';

const WORDS = 'the model answer explains a careful step by step reasoning about data quality and preference labels with examples';

/** SQL text of a run of filler words at least `chars` long (cut with left(…, n) where used). */
export const fillerSql = (chars: number) => `repeat('${WORDS} ', ${Math.ceil(chars / (WORDS.length + 1))})`;

/**
 * The common start of the export and health benchmarks' data: a project, `labelers` members and
 * `items` prompts of `promptChars` characters, in a few set-based statements. Returns the project
 * and the labelers' ids; each benchmark adds its own responses and judgments.
 */
export async function insertBenchProject(
  pool: pg.Pool,
  o: { slug: string; name: string; items: number; perItem: number; labelers: number; promptChars: number },
): Promise<{ projectId: string; userIds: string[] }> {
  const {
    rows: [project],
  } = await pool.query<{ id: string }>(`INSERT INTO projects (slug, name, overlap, "updatedAt") VALUES ($1, $2, $3, now()) RETURNING id`, [
    o.slug,
    o.name,
    o.perItem,
  ]);
  const projectId = project!.id;
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'l' || g || '@bench.test', 'L' || g, 'LABELER', now() FROM generate_series(1, $1::int) g RETURNING id`,
    [o.labelers],
  );
  const userIds = users.map((u) => u.id);
  await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[])`, [projectId, userIds]);
  await pool.query(
    `INSERT INTO items ("projectId", "externalId", messages, "createdAt")
     SELECT $1, 'q' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g || ': ' || left(${fillerSql(o.promptChars)}, $3::int))),
            timestamp '2026-01-01' + g * interval '1 millisecond'
       FROM generate_series(1, $2::int) g`,
    [projectId, o.items, o.promptChars],
  );
  return { projectId, userIds };
}
