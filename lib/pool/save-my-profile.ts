import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { ZLabelerProfile, type TLabelerProfileInput } from '@/lib/pool/schemas';

/**
 * Saves the labeler's own profile whole (languages replaced, project field values set or cleared)
 * in one transaction. Field values must belong to projects the labeler is a member of, and a
 * select field's value must be one of its options. Audited with counts only, never the values.
 */
export async function saveMyProfile(options: { userId: string; input: TLabelerProfileInput }): Promise<void> {
  const { userId } = options;
  const parsed = ZLabelerProfile.safeParse(options.input);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[issue.path.join('.') || 'form'] ??= []).push(issue.message);
    throw new AppError('INVALID_INPUT', 'Please fix the highlighted fields.', errors);
  }
  const profile = parsed.data;
  const db = getDb();
  const fieldIds = Object.keys(profile.fields);
  const fields = fieldIds.length
    ? await db.projectProfileField.findMany({
        where: { id: { in: fieldIds }, project: { memberships: { some: { userId } } } },
        select: { id: true, label: true, type: true, options: true },
      })
    : [];
  const byId = new Map(fields.map((f) => [f.id, f]));
  const errors: Record<string, string[]> = {};
  for (const [id, value] of Object.entries(profile.fields)) {
    const field = byId.get(id);
    if (!field) errors[`field_${id}`] = ['This field is not in any of your projects'];
    else if (field.type === 'SELECT' && value !== '' && !field.options.includes(value))
      errors[`field_${id}`] = [`${field.label}: choose one of the listed options`];
  }
  if (Object.keys(errors).length) throw new AppError('INVALID_INPUT', 'Please fix the highlighted fields.', errors);

  await db.$transaction(async (tx) => {
    await tx.labelerProfile.upsert({
      where: { userId },
      create: { userId, region: profile.region, expertise: profile.expertise },
      update: { region: profile.region, expertise: profile.expertise },
      select: { userId: true },
    });
    await tx.labelerLanguage.deleteMany({ where: { userId } });
    if (profile.languages.length) await tx.labelerLanguage.createMany({ data: profile.languages.map((l) => ({ userId, ...l })) });
    for (const [fieldId, value] of Object.entries(profile.fields)) {
      if (value === '') await tx.projectProfileValue.deleteMany({ where: { fieldId, userId } });
      else
        await tx.projectProfileValue.upsert({
          where: { fieldId_userId: { fieldId, userId } },
          create: { fieldId, userId, value },
          update: { value },
          select: { fieldId: true },
        });
    }
    await recordAuditEvent(tx, {
      actorId: userId,
      action: 'profile.update',
      targetType: 'user',
      targetId: userId,
      data: {
        languages: profile.languages.length,
        expertise: profile.expertise.length,
        region: profile.region !== null,
        fields: fieldIds.length,
      },
    });
  });
}
