/**
 * A small labeled project for the export tests, written straight to the database: items with
 * four responses, judgments (with Likert ratings) by named labelers, a researcher and a lead.
 */
import { createHash, randomUUID } from 'node:crypto';
import { getDb, getPgPool } from '@/lib/db';
import { buildExportSnapshot } from '@/lib/export/build-export-snapshot';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { ZExportRequest } from '@/lib/export/schemas';
import { serveSnapshotDownload } from '@/lib/export/serve-snapshot-download';
import { addMember } from '@/lib/projects/add-member';
import { createProject } from '@/lib/projects/create-project';
import { createUser } from '@/lib/users/create-user';
import { unzip } from './unzip';

export { unzip };

export type Fixture = Awaited<ReturnType<typeof makeExportProject>>;

export async function makeUser(role: 'ADMIN' | 'LEAD' | 'RESEARCHER' | 'LABELER', name: string = role) {
  return createUser({ actorId: null, input: { email: `${role.toLowerCase()}-${randomUUID()}@export.test`, name: `${name} Person`, role } });
}

/** A project with `items` single-turn items (q1…qN, responses a–d) and the given members. */
export async function makeExportProject(options: { items: number; labelers?: number }) {
  const slug = `exp-${randomUUID().slice(0, 8)}`;
  const project = await createProject({ actorId: null, input: { name: `Export ${slug}`, slug, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 } });
  const lead = await makeUser('LEAD');
  const researcher = await makeUser('RESEARCHER');
  const labelers = [];
  for (let i = 0; i < (options.labelers ?? 3); i++) labelers.push(await makeUser('LABELER', `Labeler${i + 1}`));
  for (const u of [lead, researcher, ...labelers]) await addMember({ actorId: null, input: { projectId: project.id, email: u.email } });
  const items = [];
  for (let n = 1; n <= options.items; n++) items.push(await addItem(project.id, `q${n}`, [{ role: 'user', content: `Question ${n}: what is ${n} + ${n}?` }]));
  return { project, lead, researcher, labelers, items };
}

export async function addItem(projectId: string, externalId: string, messages: { role: string; content: string }[], createdAt?: Date) {
  const item = await getDb().item.create({
    data: {
      projectId,
      externalId,
      messages,
      ...(createdAt ? { createdAt } : {}),
      responses: { create: ['a', 'b', 'c', 'd'].map((r, i) => ({ externalId: `${externalId}-${r}`, modelId: `model-${r}`, text: `Answer ${r} to ${externalId}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) })) },
    },
    select: { id: true, externalId: true, responses: { orderBy: { externalId: 'asc' }, select: { id: true, externalId: true } } },
  });
  return { id: item.id, externalId: item.externalId!, r: item.responses.map((r) => r.id) };
}

/** A judgment ranking the item's responses in the given order of indexes (nested arrays are ties). */
export async function judge(item: { id: string; r: string[] }, userId: string, order: (number | number[])[], options: { createdAt?: Date; likert?: number[]; flags?: Record<number, string[]> } = {}) {
  const ranking = order.map((g) => (Array.isArray(g) ? g : [g]).map((i) => item.r[i]!));
  return getDb().judgment.create({
    data: {
      itemId: item.id,
      userId,
      source: 'IMPORTED',
      importRef: randomUUID(),
      ranking,
      promptFlags: [],
      taxonomyVersion: 1,
      durationMs: 1234,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      ratings: { create: item.r.map((responseId, i) => ({ responseId, likert: options.likert?.[i] ?? null, flags: options.flags?.[i] ?? [] })) },
    },
    select: { id: true },
  });
}

/** Creates and builds a snapshot; returns its manifest. */
export async function snapshot(projectId: string, actorId: string | null, request: Record<string, unknown>, chunkSize?: number) {
  const { id } = await createExportSnapshot({ projectId, actorId, request: ZExportRequest.parse(request), ...(chunkSize ? { chunkSize } : {}) });
  return buildExportSnapshot({ snapshotId: id });
}

/**
 * The snapshot's bytes as a download serves them, and its rows: the data files of the zipped
 * folder (train's, then validation's), or, for a single-file answer (`?file=`), its lines.
 */
export async function download(projectId: string, snapshotId: string, actorId: string | null, headers: Record<string, string> = {}, file?: string) {
  const url = file ? `http://test/download?file=${encodeURIComponent(file)}` : 'http://test/download';
  const response = await serveSnapshotDownload({ request: new Request(url, { headers }), projectId, snapshotId, actorId, via: 'api' });
  const bytes = Buffer.from(await response.arrayBuffer());
  const whole = response.status === 200 && bytes.length > 0;
  const isZip = response.headers.get('content-type') === 'application/zip';
  const files = whole && isZip ? await unzip(bytes) : [];
  const isJsonLines = response.headers.get('content-type')?.startsWith('application/jsonl') ?? false;
  const text = whole ? (isZip ? Buffer.concat(files.filter((f) => f.path.startsWith('data/') && f.path.endsWith('.jsonl')).map((f) => f.bytes)) : isJsonLines ? bytes : Buffer.alloc(0)).toString('utf8') : '';
  let rows: Record<string, unknown>[] = [];
  try {
    rows = text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  } catch {
    rows = []; // not JSON Lines (a test's own bytes)
  }
  return { response, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), rows, files };
}

export const pool = getPgPool;
