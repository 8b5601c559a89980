import type { ReactNode } from 'react';
import { LabelerTextsProvider } from '@/components/taxonomy/labeler-texts';
import { requireProjectMember } from '@/lib/auth/session';
import { getProjectTranslation } from '@/lib/taxonomy/get-project-translation';
import { localizeProjectTexts } from '@/lib/taxonomy/localize-project-texts';
import { labelerLocale } from './labeler-locale';

/** The label screens of a project, with the lead's skip-reason texts in the labeler's locale (issue 31) for the skip dialog. */
export default async function LabelProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  const locale = await labelerLocale();
  const texts = await getProjectTranslation({ projectId: project.id, locale });
  const skipReasons = texts ? localizeProjectTexts({ texts, locale, defaultGuidelines: '' }).skipReasons : {};
  return <LabelerTextsProvider skipReasons={skipReasons}>{children}</LabelerTextsProvider>;
}
