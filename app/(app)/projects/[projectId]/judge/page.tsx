import type { Metadata } from 'next';
import Link from 'next/link';
import { DiscriminateRunForm, JudgeRunForm, JudgeTemplateForm } from '@/components/judge/judge-forms';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findJudgeTemplates } from '@/lib/judge/get-judge-template';
import { findModelConnections } from '@/lib/models/get-chat-target';
import { saveJudgeTemplateAction, startDiscriminateRunAction, startJudgeRunAction } from './actions';

export const metadata: Metadata = { title: 'AI judge' };

/** Starting AI judge runs (issue 25): the judge labels items as a labeler would, apart from human labels. Leads only. */
export default async function JudgePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const [connections, templates] = await Promise.all([
    findModelConnections({ projectId: project.id }),
    findJudgeTemplates({ projectId: project.id }),
  ]);
  const options = connections.map((c) => ({ id: c.id, name: c.name, model: c.model }));
  const versions = templates.map((t) => t.version);
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 p-6">
      <div>
        <Link href={`/projects/${project.id}/dashboard#judge`} className="text-sm text-indigo-700 underline">
          Dashboard of {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">AI judge</h1>
        <p className="text-sm text-slate-600">
          A model labels items as a labeler would (shuffled order, letters, no model names), once more in the reverse order. Its labels are
          kept apart: they never count toward overlap, consensus, alarms or exports. Runs are watched and cancelled on the{' '}
          <Link href={`/projects/${project.id}/jobs`} className="text-indigo-700 underline">
            Jobs page
          </Link>
          .
        </p>
      </div>
      {options.length === 0 ? (
        <p className="text-sm text-slate-700">This project has no model connection yet: add one in the project’s settings first.</p>
      ) : (
        <>
          <Card title="Start a judge run">
            <JudgeRunForm projectId={project.id} connections={options} versions={versions} action={startJudgeRunAction} />
          </Card>
          <Card title="Discriminator and critique checks (accepted perturbations)">
            <DiscriminateRunForm projectId={project.id} connections={options} action={startDiscriminateRunAction} />
          </Card>
        </>
      )}
      <Card title="Judge prompt template">
        <JudgeTemplateForm
          projectId={project.id}
          text={templates[0]!.text}
          version={templates[0]!.version}
          action={saveJudgeTemplateAction}
        />
      </Card>
    </main>
  );
}
