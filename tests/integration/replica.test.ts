/**
 * Read replicas (issue 29) against a real primary and a streaming replica made with pg_basebackup
 * (tests/helpers/replica-pair.ts, PostgreSQL 15): the read paths give the same figures from the
 * replica as from the primary; with replay paused, the write-then-read paths (next task, item page
 * after an adjudication, snapshot status after its creation) still see the write while the replica
 * and the paths routed to it do not; past the allowed lag, reads go to the primary; the dashboard
 * says how old its figures are.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplicaPair } from '../helpers/replica-pair';
import { download, judge, makeExportProject, snapshot } from '../helpers/export-fixture';

// Before any app code reads its configuration: the app's primary is the pair's.
const pair = await startReplicaPair();
process.env.DATABASE_URL = pair.primaryUrl;

const { ReplicaLag } = await import('@/app/(app)/projects/[projectId]/dashboard/replica-lag');
const { configureReadReplicas, getPgPool, getReadFreshness, getReadPool } = await import('@/lib/db');
const { adjudicateItem } = await import('@/lib/dashboard/adjudicate-item');
const { findDisagreementQueue } = await import('@/lib/dashboard/find-disagreement-queue');
const { findLabelerQuality } = await import('@/lib/dashboard/find-labeler-quality');
const { getAgreementSummary } = await import('@/lib/dashboard/get-agreement-summary');
const { getItemJudgments } = await import('@/lib/dashboard/get-item-judgments');
const { getModelScores } = await import('@/lib/dashboard/get-model-scores');
const { getProgressSummary } = await import('@/lib/dashboard/get-progress-summary');
const { getCritiqueEval } = await import('@/lib/detect/get-critique-eval');
const { createExportSnapshot } = await import('@/lib/export/create-export-snapshot');
const { getExportSnapshot } = await import('@/lib/export/find-export-snapshots');
const { ZExportRequest } = await import('@/lib/export/schemas');
const { findItems } = await import('@/lib/items/find-items');
const { ZItemListQuery } = await import('@/lib/items/schemas');
const { claimNextTask, submitRanking } = await import('@/lib/tasks/kinds/rank');

afterAll(async () => {
  await configureReadReplicas(null);
  await pair.stop();
});

async function onReplica(query: string, params: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: pair.replicaUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(query, params)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

const f = await makeExportProject({ items: 4 });
const [l1, l2, l3] = f.labelers.map((l) => l.id) as [string, string, string];
for (const [k, item] of f.items.entries()) {
  await judge(item, l1, [0, 1, 2, 3]);
  if (k < 3) await judge(item, l2, k === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0]);
}
const projectId = f.project.id;
const { page: _page, ...filters } = ZItemListQuery.parse({});

async function figures() {
  return {
    progress: await getProgressSummary({ projectId, now: new Date('2026-12-06T12:00:00Z') }),
    agreement: await getAgreementSummary({ projectId }),
    models: await getModelScores({ projectId }),
    labelers: await findLabelerQuality({ projectId }),
    queue: await findDisagreementQueue({ projectId }),
    items: await findItems({ projectId, filters, page: 1 }),
    critique: await getCritiqueEval({ projectId }),
  };
}

describe('read replicas', () => {
  it('gives the same dashboard figures, item list, critique analysis and export from the replica as from the primary', async () => {
    await configureReadReplicas(null);
    expect(await getReadPool()).toBe(getPgPool());
    const primary = await figures();
    const primaryExport = await snapshot(projectId, f.researcher.id, { format: 'pairs' });
    const primaryRows = (await download(projectId, primaryExport.snapshot_id, null)).rows;
    expect(primary.items.total).toBe(4);
    expect(primaryRows.length).toBeGreaterThan(0);

    await pair.waitForReplay();
    await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 3600 });
    expect(await getReadPool()).not.toBe(getPgPool());
    expect(await figures()).toEqual(primary);
    const replicaExport = await snapshot(projectId, f.researcher.id, { format: 'pairs' });
    expect((await download(projectId, replicaExport.snapshot_id, null)).rows).toEqual(primaryRows);
  });

  it('with replay paused, a write is seen by the reads that follow it, and not by the replica', async () => {
    await pair.waitForReplay();
    await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 3600 });
    await pair.pauseReplay();
    try {
      // A labeler submits: the next task is another item (the claim reads the primary).
      const first = (await claimNextTask({ projectId, userId: l3 }))!;
      const ids = f.items.find((i) => i.id === first.itemId)!.r;
      await submitRanking({
        userId: l3,
        projectId,
        input: {
          assignmentId: first.assignmentId,
          ranking: ids.map((id) => [id]),
          allUnacceptable: false,
          ratings: ids.map((responseId) => ({ responseId, likert: null, flags: [], flaws: [] })),
          promptFlags: [],
          durationMs: 4000,
        },
      });
      const next = await claimNextTask({ projectId, userId: l3 });
      expect(next?.itemId).toBeDefined();
      expect(next!.itemId).not.toBe(first.itemId);
      const judged = `SELECT count(*) AS n FROM judgments WHERE "userId" = $1`;
      expect(await onReplica(judged, [l3])).toBe(0);
      // The item list is routed to the replica: it still shows the old label count.
      const listed = (await findItems({ projectId, filters, page: 1 })).rows.find((r) => r.id === first.itemId)!;
      const before = (
        await getPgPool().query<{ n: number }>(`SELECT count(*)::int - 1 AS n FROM judgments WHERE "itemId" = $1`, [first.itemId])
      ).rows[0]!.n;
      expect(listed.labels).toBe(before);

      // The lead adjudicates: the item page shows the verdict.
      const item = f.items[3]!;
      await adjudicateItem({ actorId: f.lead.id, projectId, itemId: item.id, invalid: true });
      expect((await getItemJudgments({ projectId, itemId: item.id }))?.adjudication?.invalid).toBe(true);
      expect(await onReplica(`SELECT count(*) AS n FROM adjudications WHERE "itemId" = $1`, [item.id])).toBe(0);

      // A snapshot is created: its status is there at once.
      const { id } = await createExportSnapshot({ projectId, actorId: null, request: ZExportRequest.parse({ format: 'raw' }) });
      expect((await getExportSnapshot({ projectId, snapshotId: id }))?.status).toBe('BUILDING');
      expect(await onReplica(`SELECT count(*) AS n FROM export_snapshots WHERE id = $1`, [id])).toBe(0);
    } finally {
      await pair.resumeReplay();
    }
  });

  it('reads from the primary past the allowed lag, and the dashboard says how old its figures are', async () => {
    await pair.waitForReplay();
    await pair.pauseReplay();
    try {
      const item = f.items[0]!;
      await getPgPool().query(`UPDATE items SET priority = priority + 1 WHERE id = $1`, [item.id]);
      const lagged = await getPgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE "projectId" = $1`, [projectId]);

      await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 3600 });
      expect(await getReadPool()).not.toBe(getPgPool());
      const { replicaLagSeconds } = await getReadFreshness();
      expect(replicaLagSeconds).toBeGreaterThan(0);
      expect(renderToStaticMarkup(await ReplicaLag())).toMatch(/Figures as of \d+ s ago/);

      // The replica is behind (paused, with WAL to replay): with no lag allowed, the primary serves.
      await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 0 });
      expect(await getReadPool()).toBe(getPgPool());
      expect((await getReadFreshness()).replicaLagSeconds).toBeNull();
      expect(renderToStaticMarkup(await ReplicaLag())).toBe('');
      expect((await findItems({ projectId, filters, page: 1 })).total).toBe(lagged.rows[0]!.n);
    } finally {
      await pair.resumeReplay();
    }
    // Caught up again: nothing left to replay counts as no lag, whatever the age of the last commit.
    await pair.waitForReplay();
    await configureReadReplicas({ urls: [pair.replicaUrl], maxLagSeconds: 0 });
    expect(await getReadPool()).not.toBe(getPgPool());
  });
});
