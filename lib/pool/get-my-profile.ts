import { getDb } from '@/lib/db';
import type { TProficiency } from '@/lib/pool/schemas';

export type ProfileFieldView = { id: string; key: string; label: string; type: 'TEXT' | 'SELECT'; options: string[]; value: string };
export type MyProfile = {
  languages: { language: string; proficiency: TProficiency }[];
  region: string | null;
  expertise: string[];
  updatedAt: Date | null;
  /** Fields the leads of the labeler's projects defined, with the labeler's values. */
  projects: { projectId: string; projectName: string; fields: ProfileFieldView[] }[];
};

/** The labeler's own profile and the project fields they may fill (projects they are a member of). */
export async function getMyProfile(options: { userId: string }): Promise<MyProfile> {
  const { userId } = options;
  const db = getDb();
  const [profile, languages, memberships] = await Promise.all([
    db.labelerProfile.findUnique({ where: { userId }, select: { region: true, expertise: true, updatedAt: true } }),
    db.labelerLanguage.findMany({
      where: { userId },
      select: { language: true, proficiency: true },
      orderBy: [{ proficiency: 'desc' }, { language: 'asc' }],
    }),
    db.membership.findMany({
      where: { userId, project: { archivedAt: null, profileFields: { some: {} } } },
      select: {
        project: {
          select: {
            id: true,
            name: true,
            profileFields: {
              select: {
                id: true,
                key: true,
                label: true,
                type: true,
                options: true,
                values: { where: { userId }, select: { value: true } },
              },
              orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
            },
          },
        },
      },
      orderBy: { project: { name: 'asc' } },
    }),
  ]);
  return {
    languages,
    region: profile?.region ?? null,
    expertise: profile?.expertise ?? [],
    updatedAt: profile?.updatedAt ?? null,
    projects: memberships.map(({ project }) => ({
      projectId: project.id,
      projectName: project.name,
      fields: project.profileFields.map(({ values, ...f }) => ({ ...f, value: values[0]?.value ?? '' })),
    })),
  };
}
