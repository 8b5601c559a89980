/**
 * The export HTTP API (route handlers called directly) against a real PostgreSQL: create (202,
 * then poll), list, status, download with the bearer token of a researcher; and every refusal:
 * no token, a labeler's, a non-member's, another project's, a revoked and an import-only token.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { judge, makeExportProject, makeUser, unzip, type Fixture } from '../helpers/export-fixture';

// next/server's after() needs a Next request scope: run the callback at once and let tests await it.
const background: Promise<unknown>[] = [];
vi.mock('next/server', () => ({ after: (task: () => unknown) => void background.push(Promise.resolve().then(task)) }));

const { GET: list, POST: create } = await import('@/app/api/v1/projects/[projectId]/snapshots/route');
const { GET: status } = await import('@/app/api/v1/projects/[projectId]/snapshots/[snapshotId]/route');
const { GET: downloadRoute } = await import('@/app/api/v1/projects/[projectId]/snapshots/[snapshotId]/download/route');
const { getDb } = await import('@/lib/db');
const { createApiToken } = await import('@/lib/tokens/create-api-token');
const { ZCreateApiToken } = await import('@/lib/tokens/schemas');

const base = 'http://app.test/api/v1/projects';
const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function token(userId: string, scopes: string[], projectId?: string) {
  const input = ZCreateApiToken.parse({ userId, name: 'test', scopes, ...(projectId ? { projectId } : {}) });
  return (await createApiToken({ actorId: userId, input })).token;
}

let f: Fixture;
let snapshotId: string;
let researcherToken: string;

beforeAll(async () => {
  f = await makeExportProject({ items: 3 });
  for (const item of f.items) for (const l of f.labelers.slice(0, 2)) await judge(item, l.id, [0, 1, 2, 3]);
  researcherToken = await token(f.researcher.id, ['export']);
});

const call = {
  list: (projectId: string, t?: string) =>
    list(new Request(`${base}/${projectId}/snapshots`, { headers: auth(t) }), { params: Promise.resolve({ projectId }) }),
  create: (projectId: string, body: unknown, t?: string) =>
    create(
      new Request(`${base}/${projectId}/snapshots`, {
        method: 'POST',
        headers: { ...auth(t), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ projectId }) },
    ),
  status: (projectId: string, id: string, t?: string) =>
    status(new Request(`${base}/${projectId}/snapshots/${id}`, { headers: auth(t) }), {
      params: Promise.resolve({ projectId, snapshotId: id }),
    }),
  download: (projectId: string, id: string, t?: string, headers: Record<string, string> = {}, file?: string) =>
    downloadRoute(
      new Request(`${base}/${projectId}/snapshots/${id}/download${file ? `?file=${encodeURIComponent(file)}` : ''}`, {
        headers: { ...auth(t), ...headers },
      }),
      {
        params: Promise.resolve({ projectId, snapshotId: id }),
      },
    ),
};

describe('export API', () => {
  it('creates a snapshot (202 + Location), builds it after answering, lists it and serves its bytes', async () => {
    const response = await call.create(f.project.id, { format: 'pairs', mode: 'consensus', min_votes: 2 }, researcherToken);
    expect(response.status).toBe(202);
    const { snapshot } = await response.json();
    snapshotId = snapshot.id;
    expect(response.headers.get('location')).toBe(`/api/v1/projects/${f.project.id}/snapshots/${snapshot.id}`);
    expect(snapshot).toMatchObject({
      format: 'pairs',
      status: 'building',
      options: { mode: 'consensus', min_votes: 2 },
      links: { download: null },
    });
    await Promise.all(background.splice(0));

    const polled = await (await call.status(f.project.id, snapshot.id, researcherToken)).json();
    expect(polled.snapshot).toMatchObject({
      status: 'ready',
      rows: 18,
      manifest: { rows: 18, format: 'pairs', options: { mode: 'consensus' } },
      links: { download: `/api/v1/projects/${f.project.id}/snapshots/${snapshot.id}/download` },
    });
    expect(polled.snapshot.dataset_card).toContain('# Export');
    const listed = await (await call.list(f.project.id, researcherToken)).json();
    expect(listed.snapshots.map((s: { id: string }) => s.id)).toContain(snapshot.id);

    const zip = await call.download(f.project.id, snapshot.id, researcherToken);
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(zip.headers.get('etag')).toBe(`"${polled.snapshot.sha256}"`);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toMatch(
      /^attachment; filename="exp-[0-9a-f]{8}-pairs-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip"$/,
    );
    expect((await unzip(bytes)).map((e) => e.path)).toEqual([
      'data/train-00000-of-00001.jsonl',
      'data/validation-00000-of-00001.jsonl',
      'README.md',
      'manifest.json',
    ]);
    // One file of the folder: its own bytes, sha256 and name; the two splits hold the 18 rows.
    let lines = 0;
    for (const split of ['train', 'validation']) {
      const path = `data/${split}-00000-of-00001.jsonl`;
      const one = await call.download(f.project.id, snapshot.id, researcherToken, {}, path);
      expect(one.status).toBe(200);
      expect(one.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
      expect(one.headers.get('etag')).toBe(`"${polled.snapshot.manifest.files.find((x: { path: string }) => x.path === path).sha256}"`);
      expect(one.headers.get('content-disposition')).toMatch(new RegExp(`-${split}-00000-of-00001\\.jsonl"$`));
      const text = await one.text();
      lines += text === '' ? 0 : text.trimEnd().split('\n').length;
    }
    expect(lines).toBe(18);
    expect((await call.download(f.project.id, snapshot.id, researcherToken, {}, '../etc/passwd')).status).toBe(404);
    const range = await call.download(f.project.id, snapshot.id, researcherToken, { range: 'bytes=0-99' });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(0, 100))).toBe(true);
  });

  it('makes a valid snapshot of zero rows: empty data files, card and manifest, all downloadable', async () => {
    const empty = await makeExportProject({ items: 2 });
    const t = await token(empty.researcher.id, ['export']);
    const created = await (await call.create(empty.project.id, { format: 'pairs' }, t)).json();
    await Promise.all(background.splice(0));
    const { snapshot } = await (await call.status(empty.project.id, created.snapshot.id, t)).json();
    expect(snapshot).toMatchObject({
      status: 'ready',
      rows: 0,
      splits: { train: 0, validation: 0 },
      manifest: { rows: 0, container: 'zip' },
    });
    expect(snapshot.dataset_card).toContain('This snapshot holds no rows');
    const files = await unzip(Buffer.from(await (await call.download(empty.project.id, snapshot.id, t)).arrayBuffer()));
    expect(files.map((x) => [x.path, x.bytes.length === 0])).toEqual([
      ['data/train-00000-of-00001.jsonl', true],
      ['data/validation-00000-of-00001.jsonl', true],
      ['README.md', false],
      ['manifest.json', false],
    ]);
    expect(JSON.parse(files[3]!.bytes.toString('utf8'))).toMatchObject({
      rows: 0,
      files: [{ rows: 0, bytes: 0 }, { rows: 0, bytes: 0 }, { path: 'README.md' }],
    });
    const one = await call.download(empty.project.id, snapshot.id, t, {}, 'data/train-00000-of-00001.jsonl');
    expect(one.status).toBe(200);
    expect(one.headers.get('content-length')).toBe('0');
    expect(one.body).not.toBeNull();
    expect(await one.text()).toBe('');
  });

  it('answers 400 naming the field for bad options and unknown keys', async () => {
    const bad = await call.create(f.project.id, { format: 'pairs', min_votes: 0, colour: 'red' }, researcherToken);
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields).toMatchObject({ min_votes: ['must be at least 1'], body: [expect.stringMatching(/colour/)] });
    expect((await call.create(f.project.id, { format: 'csv' }, researcherToken)).status).toBe(400);
  });

  it('accepts the "export:read" spelling of the scope', async () => {
    const spelled = await token(f.researcher.id, ['export:read']);
    expect((await call.download(f.project.id, snapshotId, spelled)).status).toBe(200);
    // A row that stores the long spelling itself (written by hand) works too.
    const raw = await token(f.researcher.id, ['read']);
    await getDb().apiToken.updateMany({
      where: { userId: f.researcher.id, scopes: { equals: ['read'] } },
      data: { scopes: ['export:read'] },
    });
    expect((await call.status(f.project.id, snapshotId, raw)).status).toBe(200);
  });

  it('refuses: no token (401), a labeler’s (403), a non-member’s (403), another project’s (403), revoked (401), import-only (403)', async () => {
    await Promise.all(background.splice(0));
    const other = await makeExportProject({ items: 1 });
    const labelerToken = await token(f.labelers[0]!.id, ['export']);
    const outsider = await makeUser('RESEARCHER');
    const outsiderToken = await token(outsider.id, ['export']);
    const elsewhere = await token(f.researcher.id, ['export'], other.project.id);
    await getDb().membership.create({ data: { projectId: other.project.id, userId: f.researcher.id } });
    const elsewhereBound = await token(f.researcher.id, ['export'], other.project.id);
    const revoked = await token(f.researcher.id, ['export']);
    await getDb().apiToken.updateMany({ where: { prefix: revoked.slice(0, 10) }, data: { revokedAt: new Date() } });
    const importOnly = await token(f.lead.id, ['import']);
    const importWrite = await token(f.lead.id, ['import:write']);

    const cases: [string, string | undefined, number, RegExp][] = [
      ['no token', undefined, 401, /Missing bearer token/],
      ['bad token', 'pl_not-a-token', 401, /Invalid or revoked token/],
      ['labeler', labelerToken, 403, /Your role \(LABELER\) may not do this/],
      ['non-member', outsiderToken, 403, /not a member of this project/],
      ['token of another project', elsewhere, 403, /limited to another project/],
      ['token of another project (member there)', elsewhereBound, 403, /limited to another project/],
      ['revoked', revoked, 401, /Invalid or revoked token/],
      ['import-only', importOnly, 403, /lacks the "export" scope/],
      ['import:write', importWrite, 403, /lacks the "export" scope/],
    ];
    for (const [name, t, code, message] of cases) {
      for (const response of [
        await call.list(f.project.id, t),
        await call.status(f.project.id, snapshotId, t),
        await call.download(f.project.id, snapshotId, t),
        await call.create(f.project.id, { format: 'raw' }, t),
      ]) {
        expect({ name, status: response.status }).toEqual({ name, status: code });
        expect((await response.json()).error).toMatch(message);
      }
    }
    // Nothing was started by a refused request.
    expect(background).toHaveLength(0);
    // A token of the other project's researcher reaches their project only; B's snapshot ids are 404 in A's project.
    expect((await call.list(other.project.id, elsewhereBound)).status).toBe(200);
    expect((await call.download(other.project.id, snapshotId, elsewhereBound)).status).toBe(404);
    await Promise.all(background.splice(0));
  });
});
