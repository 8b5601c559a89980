import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { StudyLinkForm } from '@/components/study/study-link-form';
import { StudyLinkOpenButton } from '@/components/study/study-link-open-button';
import { StudyParticipantsTable } from '@/components/study/study-participants-table';
import { requireProjectMember } from '@/lib/auth/session';
import { findStudyLinks } from '@/lib/study/find-study-links';
import { createStudyLinkAction, markParticipantReturnedAction, setStudyLinkOpenAction } from './actions';

export const metadata: Metadata = { title: 'Study links' };

/** A lead's crowd-platform study links and their participants by platform id (leads of this project only). */
export default async function StudyLinksPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const links = await findStudyLinks({ projectId: project.id });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Study links</h1>
        <p className="text-sm text-slate-600">
          Participants from a crowd platform (Prolific, MTurk, CloudResearch, …) enter by the link with their platform ids and label this
          project only, under a pseudonym. Their platform ids are shown here to the project&apos;s leads and never exported.
        </p>
      </div>
      {links.map((link) => (
        <Card key={link.id} title={`${link.name} (${link.platform})${link.open ? '' : ' — closed'}`}>
          <StudyLinkOpenButton projectId={project.id} linkId={link.id} name={link.name} open={link.open} action={setStudyLinkOpenAction} />
          <p className="mb-3 text-sm text-slate-700">
            Parameters: {[link.pidParam, link.studyParam, link.sessionParam].filter(Boolean).join(', ')} · quota:{' '}
            {link.quotaTasks !== null ? `${link.quotaTasks} tasks` : `${link.quotaMinutes} minutes`} · timeout {link.timeoutMinutes} min ·
            completion code {link.completionCode}
            {link.completionUrl ? ` (sent to ${link.completionUrl})` : ''}
            {link.screeningGoldCount !== null && link.screeningMinAccuracy !== null
              ? ` · screening: first ${link.screeningGoldCount} gold below ${Math.round(link.screeningMinAccuracy * 100)}% → ${link.screenOutCode}`
              : ''}
          </p>
          <StudyParticipantsTable
            projectId={project.id}
            linkName={link.name}
            participants={link.participants}
            markReturned={markParticipantReturnedAction}
          />
        </Card>
      ))}
      <Card title="New study link">
        <StudyLinkForm projectId={project.id} action={createStudyLinkAction} />
      </Card>
    </div>
  );
}
