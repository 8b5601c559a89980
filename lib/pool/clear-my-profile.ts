import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';

/**
 * "Clear my profile": deletes the labeler's profile, languages and every project field value in one
 * transaction. Routing then treats them as having no attributes; group statistics and exports made
 * afterwards no longer place them in any group. Audited without the values.
 */
export async function clearMyProfile(options: { userId: string }): Promise<{ cleared: boolean }> {
  const { userId } = options;
  return getDb().$transaction(async (tx) => {
    const [profile, languages, values] = await Promise.all([
      tx.labelerProfile.deleteMany({ where: { userId } }),
      tx.labelerLanguage.deleteMany({ where: { userId } }),
      tx.projectProfileValue.deleteMany({ where: { userId } }),
    ]);
    const cleared = profile.count + languages.count + values.count > 0;
    await recordAuditEvent(tx, {
      actorId: userId,
      action: 'profile.clear',
      targetType: 'user',
      targetId: userId,
      data: { rows: profile.count + languages.count + values.count },
    });
    return { cleared };
  });
}
