/**
 * A small labeled project for the export tests, written straight to the database: items with
 * four responses, judgments (with Likert ratings) by named labelers, a researcher and a lead.
 */
import { createHash, randomUUID } from 'node:crypto';
import { buildItem, buildJudgment, buildProject, buildUser, type ChatMessage } from '@/lib/builders';
import { buildSnapshot } from '@/lib/builders/build-snapshot';
import { getPgPool } from '@/lib/db';
import { serveSnapshotDownload } from '@/lib/export/serve-snapshot-download';
import { unzip } from './unzip';

export { unzip };

export type Fixture = Awaited<ReturnType<typeof makeExportProject>>;

export async function makeUser(role: 'ADMIN' | 'LEAD' | 'RESEARCHER' | 'LABELER', name: string = role) {
  return buildUser({ role, name: `${name} Person`, password: null, domain: 'export.test' });
}

/** A project with `items` single-turn items (q1…qN, responses a–d) and the given members. */
export async function makeExportProject(options: { items: number; labelers?: number }) {
  const lead = await makeUser('LEAD');
  const researcher = await makeUser('RESEARCHER');
  const labelers = [];
  for (let i = 0; i < (options.labelers ?? 3); i++) labelers.push(await makeUser('LABELER', `Labeler${i + 1}`));
  // Eight hex digits after exp-: the download file names asserted in the export tests are made from the slug.
  const slug = `exp-${randomUUID().slice(0, 8)}`;
  const project = await buildProject({ name: `Export ${slug}`, slug, overlap: 3, members: [lead, researcher, ...labelers] });
  const items = [];
  for (let n = 1; n <= options.items; n++)
    items.push(await addItem(project.id, `q${n}`, [{ role: 'user', content: `Question ${n}: what is ${n} + ${n}?` }]));
  return { project, lead, researcher, labelers, items };
}

/** An item with responses a–d (model-a…, created a second apart); `r` holds their ids in that order. */
export async function addItem(projectId: string, externalId: string, messages: { role: string; content: string }[], createdAt?: Date) {
  const item = await buildItem({
    projectId,
    externalId,
    messages: messages as ChatMessage[],
    createdAt: createdAt ?? null,
    responses: ['a', 'b', 'c', 'd'].map((r, i) => ({
      externalId: `${externalId}-${r}`,
      modelId: `model-${r}`,
      text: `Answer ${r} to ${externalId}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    })),
  });
  return { id: item.id, externalId, r: item.responses.map((r) => r.id) };
}

/** A judgment ranking the item's responses in the given order of indexes (nested arrays are ties). */
export async function judge(
  item: { id: string; r: string[] },
  userId: string,
  order: (number | number[])[],
  options: { createdAt?: Date; likert?: number[]; flags?: Record<number, string[]> } = {},
) {
  return buildJudgment({ item: { id: item.id, responses: item.r }, userId, ranking: order, ...options });
}

/** Creates and builds a snapshot; returns its manifest. */
export async function snapshot(projectId: string, actorId: string | null, request: Record<string, unknown>, chunkSize?: number) {
  return buildSnapshot({ projectId, actorId, request, ...(chunkSize ? { chunkSize } : {}) });
}

/**
 * The snapshot's bytes as a download serves them, and its rows: the data files of the zipped
 * folder (train's, then validation's), or, for a single-file answer (`?file=`), its lines.
 */
export async function download(
  projectId: string,
  snapshotId: string,
  actorId: string | null,
  headers: Record<string, string> = {},
  file?: string,
) {
  const url = file ? `http://test/download?file=${encodeURIComponent(file)}` : 'http://test/download';
  const response = await serveSnapshotDownload({ request: new Request(url, { headers }), projectId, snapshotId, actorId, via: 'api' });
  const bytes = Buffer.from(await response.arrayBuffer());
  const whole = response.status === 200 && bytes.length > 0;
  const isZip = response.headers.get('content-type') === 'application/zip';
  const files = whole && isZip ? await unzip(bytes) : [];
  const isJsonLines = response.headers.get('content-type')?.startsWith('application/jsonl') ?? false;
  const text = whole
    ? (isZip
        ? Buffer.concat(files.filter((f) => f.path.startsWith('data/') && f.path.endsWith('.jsonl')).map((f) => f.bytes))
        : isJsonLines
          ? bytes
          : Buffer.alloc(0)
      ).toString('utf8')
    : '';
  let rows: Record<string, unknown>[] = [];
  try {
    rows =
      text === ''
        ? []
        : text
            .trimEnd()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    rows = []; // not JSON Lines (a test's own bytes)
  }
  return { response, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), rows, files };
}

export const pool = getPgPool;
