/** The demo seed's step-labelling project (issue 27): its solutions, the step agreement the dashboard shows, and its stepwise export. */
import { describe, expect, it } from 'vitest';
import { getDb, withTransaction } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { findStepAgreement } from '@/lib/steps/find-step-agreement';
import { claimStepsTask, getStepsTask } from '@/lib/tasks/kinds/steps';
import { seedDemo } from '@/prisma/seed';

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
});
