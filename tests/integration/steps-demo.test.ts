/** The demo seed's step-labelling project (issue 27): its solutions, the step agreement the dashboard shows, and its stepwise export. */
import { describe, expect, it } from 'vitest';
import { getDb, withTransaction } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { findStepAgreement } from '@/lib/steps/find-step-agreement';
import { claimStepsTask, getStepsTask } from '@/lib/tasks/kinds/steps';
import { seedDemo } from '@/prisma/seed';
import { download, snapshot } from '../helpers/export-fixture';

describe('demo steps project', () => {
  it('seeds four solutions, three labelled twice; agreement on the first error is 2 of 3 pairs; the stepwise export holds six rows', async () => {
    expect(await seedDemo(getDb())).toBe(true);
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: 'demo-steps' }, select: { id: true } });
    const agreement = await findStepAgreement({ projectId: project.id });
    expect(agreement).toMatchObject({ responses: 3, labels: 6, firstError: { estimate: 2 / 3, pairs: 3 } });
    expect(agreement!.alpha.estimate).toBeGreaterThan(0);
    console.log('demo step agreement', JSON.stringify(agreement));

    const settings = toExportSettings(ZExportRequest.parse({ format: 'trl-stepwise', neutral_as: 'true', validation_share: 0 }));
    const chunks: Buffer[] = [];
    await withTransaction(
      async (client) => {
        await writeExport({
          settings,
          batches: loadExportItems({ client, projectId: project.id, settings }),
          shards: streamShards(async (c) => void chunks.push(c)),
        });
      },
      { isolation: 'repeatable read', readOnly: true },
    );
    const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(6);
    console.log(`demo trl-stepwise export:\n${lines.join('\n')}`);

    // The unlabelled fourth solution is what a demo labeler is handed, split on its numbered lines.
    const labeler = await getDb().user.findUniqueOrThrow({ where: { email: 'labeler1@preflab.test' }, select: { id: true } });
    const task = await claimStepsTask({ projectId: project.id, userId: labeler.id });
    const view = await getStepsTask({ assignmentId: task!.assignmentId, userId: labeler.id, projectId: project.id });
    expect(view?.messages[0]?.content).toBe('How many minutes are there in 2.5 hours?');
    expect(view?.steps).toHaveLength(4);
    expect(view?.untilFirstError).toBe(true);
  });

  it('a trl-stepwise snapshot of the demo states the neutral rule in its manifest and card, and a prm800k one in Parquet has the declared columns', async () => {
    await seedDemo(getDb()); // seeded by the test above when it ran first
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: 'demo-steps' }, select: { id: true } });
    const built = await snapshot(project.id, null, { format: 'trl-stepwise', neutral_as: 'false', mode: 'consensus' });
    const { files, rows } = await download(project.id, built.snapshot_id, null);
    const manifest = JSON.parse(files.find((f) => f.path === 'manifest.json')!.bytes.toString('utf8')) as {
      options: Record<string, unknown>;
      rules: string[];
      rows: number;
    };
    expect(manifest.options).toMatchObject({ neutral_as: 'false', mode: 'consensus' });
    expect(manifest.rules).toContain(
      'Neutral rule: a neutral (0) step is labelled false (it counts as incorrect); +1 is true and −1 false.',
    );
    const card = files.find((f) => f.path === 'README.md')!.bytes.toString('utf8');
    expect(card).toContain('Neutral rule: a neutral (0) step is labelled false');
    // Consensus over the three labelled solutions: steps-1 all four steps agree; steps-2 step 2 is 1 vs 0 (a tie: stops after step 1); steps-3 step 1 is −1 vs +1 (a tie: no row).
    expect(rows.map((r) => [r.item_id, r.labels]).sort()).toEqual([
      ['steps-1', [true, true, false, false]],
      ['steps-2', [true]],
    ]);
    const parquet = await snapshot(project.id, null, { format: 'prm800k', file_format: 'parquet' });
    const got = await download(project.id, parquet.snapshot_id, null);
    expect(got.files.some((f) => f.path.endsWith('.parquet'))).toBe(true);
    const prmManifest = JSON.parse(got.files.find((f) => f.path === 'manifest.json')!.bytes.toString('utf8')) as { rows: number };
    expect(prmManifest.rows).toBe(6);
  });
});
