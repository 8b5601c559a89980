import { getDb } from '@/lib/db';
import type { TProficiency } from '@/lib/pool/schemas';

export type MemberProfile = {
  userId: string;
  name: string;
  languages: { language: string; proficiency: TProficiency }[];
  region: string | null;
  expertise: string[];
  /** This project's fields only: key → value. */
  fields: Record<string, string>;
};

/**
 * The profiles of a project's labelers, for its leads (issue 10): self-described attributes and
 * the values of this project's own fields (never another project's). Callers authorize the lead.
 */
export async function findMemberProfiles(options: { projectId: string }): Promise<{
  fields: { id: string; key: string; label: string; type: 'TEXT' | 'SELECT'; options: string[] }[];
  members: MemberProfile[];
}> {
  const { projectId } = options;
  const db = getDb();
  const [fields, members] = await Promise.all([
    db.projectProfileField.findMany({
      where: { projectId },
      select: { id: true, key: true, label: true, type: true, options: true },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    }),
    db.membership.findMany({
      where: { projectId, user: { role: 'LABELER' } },
      select: {
        user: {
          select: {
            id: true,
            name: true,
            labelerProfile: { select: { region: true, expertise: true } },
            labelerLanguages: { select: { language: true, proficiency: true }, orderBy: [{ proficiency: 'desc' }, { language: 'asc' }] },
            profileValues: { where: { field: { projectId } }, select: { value: true, field: { select: { key: true } } } },
          },
        },
      },
      orderBy: { user: { name: 'asc' } },
    }),
  ]);
  return {
    fields,
    members: members.map(({ user }) => ({
      userId: user.id,
      name: user.name,
      languages: user.labelerLanguages,
      region: user.labelerProfile?.region ?? null,
      expertise: user.labelerProfile?.expertise ?? [],
      fields: Object.fromEntries(user.profileValues.map((v) => [v.field.key, v.value])),
    })),
  };
}
