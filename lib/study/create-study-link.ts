import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { hashToken, newToken } from '@/lib/auth/secret-token';
import { getDb } from '@/lib/db';
import type { TCreateStudyLink } from '@/lib/study/schemas';

/**
 * Creates a project's study link and returns its secret token once (only its hash is stored, as
 * for invites). The caller has checked that the actor leads the project.
 */
export async function createStudyLink(options: { actorId: string; input: TCreateStudyLink }) {
  const { actorId, input } = options;
  const token = newToken();
  const link = await getDb().$transaction(async (tx) => {
    const created = await tx.studyLink.create({
      data: {
        projectId: input.projectId,
        tokenHash: hashToken(token),
        name: input.name,
        platform: input.platform,
        pidParam: input.pidParam,
        studyParam: input.studyParam ?? null,
        sessionParam: input.sessionParam ?? null,
        quotaTasks: input.quotaKind === 'tasks' ? input.quota : null,
        quotaMinutes: input.quotaKind === 'minutes' ? input.quota : null,
        completionCode: input.completionCode,
        completionUrl: input.completionUrl ?? null,
        screenOutCode: input.screenOutCode ?? null,
        screeningGoldCount: input.screeningGoldCount ?? null,
        // The form takes a percentage; stored as a share.
        screeningMinAccuracy: input.screeningMinAccuracy === undefined ? null : input.screeningMinAccuracy / 100,
        timeoutMinutes: input.timeoutMinutes,
      },
      select: { id: true, name: true, pidParam: true, studyParam: true, sessionParam: true },
    });
    await recordAuditEvent(tx, {
      actorId,
      action: 'study.link.create',
      projectId: input.projectId,
      targetType: 'study_link',
      targetId: created.id,
      data: { name: input.name, platform: input.platform },
    });
    return created;
  });
  return { ...link, token };
}

/** The entry URL of a link with the platform's placeholders, as a lead pastes it into the study's settings. */
export function studyEntryUrl(options: {
  baseUrl: string;
  token: string;
  pidParam: string;
  studyParam: string | null;
  sessionParam: string | null;
}) {
  const url = new URL(`/study/${options.token}`, options.baseUrl);
  const params = [options.pidParam, options.studyParam, options.sessionParam].filter((p): p is string => Boolean(p));
  // Prolific's placeholders are {{%NAME%}}; other panels substitute their own way, so the lead edits them there.
  const query = params.map((p) => `${encodeURIComponent(p)}={{%${p}%}}`).join('&');
  return `${url.toString()}?${query}`;
}
