import type { TSaveDemonstrationDraft } from '@/lib/demonstrations/schemas';
import { saveKindDraft } from '@/lib/tasks/save-kind-draft';

/** Saves the labeler's unsubmitted demonstration text on their own DEMONSTRATE assignment (lib/tasks/save-kind-draft.ts). */
export async function saveDemonstrationDraft(options: { userId: string; projectId: string; input: TSaveDemonstrationDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveKindDraft({ kind: 'DEMONSTRATE', userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
