import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { lockItem } from '@/lib/items/lock-item';
import { readProjectSettings } from '@/lib/projects/settings';
import { checkStepLabels } from '@/lib/steps/check-step-labels';
import type { TClearStepGold, TSetStepGold } from '@/lib/steps/schemas';
import { responseSteps } from '@/lib/steps/split-steps';

/**
 * Marks a steps item gold with the lead's correct step labels, or replaces them (audited with the
 * previous labels). The solution and its steps are the ones a steps task shows now (the item's
 * first response, split by the project's setting); the labels are checked as a labeler's are:
 * every step asked is rated, under "until the first error" nothing after it, a verdict given.
 * Callers authorize (the project's lead); the item must belong to the project.
 */
export async function setStepGold(options: { actorId: string | null; input: TSetStepGold }) {
  const { projectId, itemId, ratings, flaws, finalAnswer } = options.input;
  return getDb().$transaction(async (tx) => {
    const item = await lockItem(tx, { projectId, itemId });
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    const response = await tx.response.findFirst({
      where: { itemId },
      orderBy: [{ createdAt: 'asc' }, { externalId: 'asc' }, { id: 'asc' }],
      select: { id: true, text: true, metadata: true },
    });
    if (!response) throw new AppError('CONFLICT', 'This item has no solution to label');
    const { steps: stepSettings } = readProjectSettings(project.settings);
    const steps = responseSteps(response, stepSettings.split);
    const checked = checkStepLabels({
      stepCount: steps.length,
      ratings,
      flaws,
      finalAnswer,
      untilFirstError: stepSettings.untilFirstError,
    });
    if ('problem' in checked)
      throw new AppError('INVALID_INPUT', checked.problem.message, { [checked.problem.field]: [checked.problem.message] });
    const previous = await tx.stepGold.findUnique({ where: { itemId }, select: { labels: true, finalAnswer: true } });
    const data = {
      projectId,
      responseId: response.id,
      steps,
      labels: checked.labels,
      finalAnswer: finalAnswer as NonNullable<typeof finalAnswer>,
      updatedById: options.actorId,
      updatedAt: new Date(),
    };
    await tx.stepGold.upsert({ where: { itemId }, create: { itemId, ...data }, update: data, select: { itemId: true } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'item.step_gold.set',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.externalId, labels: checked.labels, finalAnswer, previous: previous ?? null },
    });
    return { itemId, steps, labels: checked.labels, finalAnswer };
  });
}

/** Removes an item's step gold (audited with the removed labels, so a lead can restore them); no gold: nothing changes. */
export async function clearStepGold(options: { actorId: string | null; input: TClearStepGold }) {
  const { projectId, itemId } = options.input;
  return getDb().$transaction(async (tx) => {
    const item = await lockItem(tx, { projectId, itemId });
    const gold = await tx.stepGold.findUnique({ where: { itemId }, select: { labels: true, finalAnswer: true } });
    if (!gold) return { cleared: false };
    await tx.stepGold.delete({ where: { itemId } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'item.step_gold.clear',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.externalId, labels: gold.labels, finalAnswer: gold.finalAnswer },
    });
    return { cleared: true };
  });
}
