import type { TSaveDetectDraft } from '@/lib/detect/schemas';
import { saveKindDraft } from '@/lib/tasks/save-kind-draft';

/** Saves the labeler's unsubmitted answers on their own DETECT assignment (lib/tasks/save-kind-draft.ts). */
export async function saveDetectDraft(options: { userId: string; projectId: string; input: TSaveDetectDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveKindDraft({ kind: 'DETECT', userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
