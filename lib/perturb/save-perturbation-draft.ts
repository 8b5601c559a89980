import type { TSavePerturbationDraft } from '@/lib/perturb/schemas';
import { saveKindDraft } from '@/lib/tasks/save-kind-draft';

/** Saves the labeler's unsubmitted perturbation (text and flaw fields) on their own PERTURB assignment (lib/tasks/save-kind-draft.ts). */
export async function savePerturbationDraft(options: { userId: string; projectId: string; input: TSavePerturbationDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveKindDraft({ kind: 'PERTURB', userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
