/**
 * A small world for the security suites, written through lib and straight to the database that
 * DATABASE_URL names: one user per role of the authorization matrix, the project they act on and
 * another project, items whose responses carry secrets a labeler must never receive (model ids,
 * metadata, external ids, a gold ranking), a peer labeler's judgment and draft, a ready export
 * snapshot and an open invite. Names are unique, so worlds of parallel tests never meet.
 */
import { randomBytes } from 'node:crypto';
import type { TRole } from '@/lib/auth/schemas';
import { buildItem, buildJudgment, buildProject, buildUser, uniqueName } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { createInvite } from '@/lib/invites/create-invite';
import { addMember } from '@/lib/projects/add-member';
import { claimNextTask } from '@/lib/tasks/kinds/rank';
import { createApiToken } from '@/lib/tokens/create-api-token';
import type { MatrixRole } from './authorization-matrix';

export const WORLD_PASSWORD = 'correct-horse-battery';

export type WorldUser = { id: string; email: string; name: string; role: TRole; password: string };
export type World = Awaited<ReturnType<typeof makeWorld>>;

const ROLE_OF: Record<Exclude<MatrixRole, 'anon'>, TRole> = {
  labX: 'LABELER',
  labeler: 'LABELER',
  research: 'RESEARCHER',
  leadX: 'LEAD',
  lead: 'LEAD',
  admin: 'ADMIN',
};

async function makeUser(role: TRole, tag: string, name?: string): Promise<WorldUser> {
  const user = await buildUser({ role, name: name ?? `${role} ${tag}`, password: WORLD_PASSWORD, domain: 'security.test' });
  return { id: user.id, email: user.email, name: user.name, role: user.role, password: WORLD_PASSWORD };
}

async function makeProject(tag: string, members: WorldUser[]) {
  const slug = uniqueName(`sec-${tag}`);
  const project = await buildProject({ name: `Security ${slug}`, slug, guidelines: 'Be careful.', members });
  return { id: project.id, slug };
}

/** A ready snapshot of the project, made by the researcher. */
export type SnapshotMaker = (options: { projectId: string; researcher: WorldUser }) => Promise<string>;

/** Through lib (integration tests). Playwright's loader cannot import lib/export (it reads package.json as a module): e2e passes a maker using the HTTP API. */
const snapshotThroughLib: SnapshotMaker = async ({ projectId, researcher }) => {
  const { createExportSnapshot } = await import('@/lib/export/create-export-snapshot');
  const { buildExportSnapshot } = await import('@/lib/export/build-export-snapshot');
  const { ZExportRequest } = await import('@/lib/export/schemas');
  const { id } = await createExportSnapshot({ projectId, actorId: researcher.id, request: ZExportRequest.parse({ format: 'raw' }) });
  await buildExportSnapshot({ snapshotId: id });
  return id;
};

/** Builds the world. `items`: how many three-response items the main project gets (all gold when `gold`). */
export async function makeWorld(options: { items?: number; gold?: boolean; judges?: number; makeSnapshot?: SnapshotMaker } = {}) {
  const tag = randomBytes(3).toString('hex');
  // One marker inside every secret, so a leak check can search any payload for it.
  const secret = `zq${randomBytes(5).toString('hex')}`;
  const users = {} as Record<Exclude<MatrixRole, 'anon'>, WorldUser>;
  for (const role of Object.keys(ROLE_OF) as Exclude<MatrixRole, 'anon'>[]) users[role] = await makeUser(ROLE_OF[role], `${role}-${tag}`);
  const peer = await makeUser('LABELER', `peer-${tag}`, `Peer ${secret}-name`);

  const project = await makeProject(tag, [users.labeler, users.research, users.lead, peer]);
  const otherProject = await makeProject(`${tag}x`, [users.labX, users.leadX]);

  const items: { id: string; r: string[] }[] = [];
  for (let n = 0; n < (options.items ?? 8); n++) {
    const item = await buildItem({
      projectId: project.id,
      externalId: `${secret}-item-${n}`,
      prompt: `Question ${n}: which primary colour do you like?`,
      metadata: { source: `${secret}-item-meta` },
      responses: ['a', 'b', 'c'].map((r, k) => ({
        externalId: `${secret}-resp-${n}-${r}`,
        modelId: `${secret}-model-${r}`,
        text: `Answer ${r.toUpperCase()} to question ${n}: ${['red', 'blue', 'yellow'][k]}.`,
        metadata: { temperature: `${secret}-resp-meta` },
      })),
    });
    const r = item.responses.map((x) => x.id);
    const [a = '', b = '', c = ''] = r;
    if (options.gold) await getDb().item.update({ where: { id: item.id }, data: { isGold: true, goldRanking: [[c], [a, b]] } });
    items.push({ id: item.id, r });
  }
  const item = items[0]!;

  // The peer labeler's finished judgment (with a private flaw note) and their live draft.
  const peerTask = await claimNextTask({ projectId: project.id, userId: peer.id });
  if (!peerTask) throw new Error('the world has no item for the peer labeler');
  await getDb().assignment.update({
    where: { id: peerTask.assignmentId },
    data: {
      draft: {
        ratings: [],
        ranking: [],
        rankingTouched: false,
        allUnacceptable: false,
        promptFlags: [`${secret}-peer-draft`],
        activeMs: 5,
      },
    },
  });
  const judged = items[items.length - 1]!;
  const peerFlaw = { start: 0, end: 3, category: 'accuracy', severity: 2, comment: `${secret}-peer-flaw` };
  await buildJudgment({
    item: { id: judged.id, responses: judged.r },
    userId: peer.id,
    importRef: `${secret}-peer-judgment`,
    durationMs: 1000,
    likert: judged.r.map(() => 4),
    flaws: Object.fromEntries(judged.r.map((_, i) => [i, [peerFlaw]])),
  });

  // Simulated labelers' imported judgments on the first half of the items (dashboards then have numbers and charts).
  for (let j = 0; j < (options.judges ?? 0); j++) {
    const judge = await makeUser('LABELER', `judge${j}-${tag}`);
    await addMember({ actorId: null, input: { projectId: project.id, email: judge.email } });
    for (const [n, it] of items.slice(0, Math.ceil(items.length / 2)).entries()) {
      const order = [0, 1, 2].map((k) => (k + j + n) % 3);
      const likert = it.r.map((_, r) => 7 - 2 * order.indexOf(r));
      await buildJudgment({
        item: { id: it.id, responses: it.r },
        userId: judge.id,
        importRef: `judge-${j}-${n}`,
        ranking: order,
        likert,
        durationMs: 20_000 + 1000 * n,
      });
    }
  }

  const snapshotId = await (options.makeSnapshot ?? snapshotThroughLib)({ projectId: project.id, researcher: users.research });

  // A finished lenient import with one refused row (the import job and rejects routes act on it).
  const importJob = await getDb().importJob.create({
    data: {
      projectId: project.id,
      createdById: users.lead.id,
      origin: 'api',
      fileName: `${secret}-upload.jsonl`,
      options: { format: 'auto', withLabels: false, skipInvalid: true },
      status: 'DONE',
      rowsRejected: 1,
      rejects: { create: [{ seq: 1, line: 2, path: 'responses', message: 'Has 1 response; this project takes 2 to 9' }] },
    },
    select: { id: true },
  });

  // A finished generation job without tasks (the jobs API and pages act on it; resuming it finishes it again).
  const { rows: generationJobs } = await getPgPool().query<{ id: string }>(
    `INSERT INTO generation_jobs ("projectId", kind, status, spec, "taskCount", "createdById")
     VALUES ($1, 'RESPONSES', 'FINISHED', '{"connectionIds": [], "samples": 2, "params": {}}', 0, $2) RETURNING id`,
    [project.id, users.lead.id],
  );

  const { token: inviteToken } = await createInvite({
    actor: users.admin,
    input: { projectId: project.id, email: `invitee-${tag}@security.test`, role: 'LABELER' },
  });

  return {
    secret,
    users,
    peer,
    project,
    otherProject,
    items,
    item,
    snapshotId,
    inviteToken,
    importJobId: importJob.id,
    generationJobId: generationJobs[0]!.id,
  };
}

/** An API token with every scope for each user of the world (labelers included: the API must refuse them, not the token maker). */
export async function makeWorldTokens(world: World): Promise<Record<Exclude<MatrixRole, 'anon'>, string>> {
  const tokens = {} as Record<Exclude<MatrixRole, 'anon'>, string>;
  for (const [role, user] of Object.entries(world.users) as [Exclude<MatrixRole, 'anon'>, WorldUser][]) {
    tokens[role] = (
      await createApiToken({ actorId: null, input: { userId: user.id, name: `security ${role}`, scopes: ['import', 'export', 'read'] } })
    ).token;
  }
  return tokens;
}

/** The labeler's live assignment in the project (claimed when they hold none): its id and the shown response ids. */
export async function liveAssignment(world: World, userId: string = world.users.labeler.id) {
  const task = await claimNextTask({ projectId: world.project.id, userId });
  if (!task) throw new Error('no task left in the world');
  return { id: task.assignmentId, shown: task.shownOrder };
}
