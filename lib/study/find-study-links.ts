import { getDb } from '@/lib/db';
import { sweepStudyParticipants } from '@/lib/study/sweep-study-participants';

export type StudyParticipantRow = {
  id: string;
  platformPid: string;
  studyId: string | null;
  sessionId: string | null;
  status: string;
  tasksDone: number;
  minutes: number;
  startedAt: Date;
  endedAt: Date | null;
};

/**
 * A project's study links with their participants by platform id, for its leads only (the caller
 * checks): active participants are evaluated first, so a timed-out session shows (and is released) now.
 */
export async function findStudyLinks(options: { projectId: string; now?: Date }) {
  const now = options.now ?? new Date();
  await sweepStudyParticipants({ projectId: options.projectId, now });
  const links = await getDb().studyLink.findMany({
    where: { projectId: options.projectId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      platform: true,
      pidParam: true,
      studyParam: true,
      sessionParam: true,
      quotaTasks: true,
      quotaMinutes: true,
      completionCode: true,
      completionUrl: true,
      screenOutCode: true,
      screeningGoldCount: true,
      screeningMinAccuracy: true,
      timeoutMinutes: true,
      open: true,
      createdAt: true,
      participants: {
        orderBy: { startedAt: 'desc' },
        select: {
          id: true,
          userId: true,
          platformPid: true,
          studyId: true,
          sessionId: true,
          status: true,
          tasksDone: true,
          startedAt: true,
          endedAt: true,
        },
      },
    },
  });
  const activeIds = links.flatMap((l) => l.participants.filter((p) => p.status === 'ACTIVE').map((p) => p.userId));
  const live = activeIds.length
    ? await getDb().assignment.groupBy({
        by: ['userId'],
        where: { projectId: options.projectId, userId: { in: activeIds }, status: 'SUBMITTED' },
        _count: { _all: true },
      })
    : [];
  const liveDone = new Map(live.map((r) => [r.userId, r._count._all]));
  return links.map(({ participants, ...link }) => ({
    ...link,
    participants: participants.map(({ userId, ...p }): StudyParticipantRow => ({
      ...p,
      tasksDone: p.status === 'ACTIVE' ? (liveDone.get(userId) ?? 0) : p.tasksDone,
      minutes: Math.round(((p.endedAt ?? now).getTime() - p.startedAt.getTime()) / 60_000),
    })),
  }));
}
