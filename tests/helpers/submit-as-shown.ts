import { submitRanking } from '@/lib/tasks/kinds/rank';

type Task = { projectId: string; assignmentId: string; shownOrder: string[] };

/**
 * A claimed ranking task submitted in the order it was shown, one response per rank, with no
 * prompt flags: the tests' labeler who simply answers. No ratings unless `likert` is given (then
 * every response gets it, with no flags or flaws).
 */
export function submitAsShown(userId: string, task: Task, options: { durationMs?: number; likert?: number } = {}) {
  const { durationMs = 1000, likert } = options;
  return submitRanking({
    userId,
    projectId: task.projectId,
    input: {
      assignmentId: task.assignmentId,
      ranking: task.shownOrder.map((id) => [id]),
      allUnacceptable: false,
      ratings: likert === undefined ? [] : task.shownOrder.map((responseId) => ({ responseId, likert, flags: [], flaws: [] })),
      promptFlags: [],
      durationMs,
    },
  });
}
