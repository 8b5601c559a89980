import type { Metadata } from 'next';
import Link from 'next/link';
import { AspectSettingsForm } from '@/components/aspects/aspect-settings-form';
import { TaskSettingsForm } from '@/components/demonstrate/task-settings-form';
import { AssistanceSettingsForm } from '@/components/assist/assistance-settings-form';
import { findModelConnections } from '@/lib/models/get-chat-target';
import { StepsSettingsForm } from '@/components/steps/steps-settings-form';
import { ChatSettingsCard } from './chat-settings-card';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { updateAspectSettingsAction, updateStepsSettingsAction, updateTaskSettingsAction } from './actions';
import { updateAssistanceSettingsAction } from './assistance-actions';

export const metadata: Metadata = { title: 'Task settings' };

/** The lead's task mix and the settings of each task kind. */
export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const [stored, members, connections] = await Promise.all([
    getDb().project.findUniqueOrThrow({ where: { id: project.id }, select: { settings: true } }),
    getDb().membership.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: 'asc' },
      select: { userId: true, allowedKinds: true, user: { select: { name: true } } },
    }),
    findModelConnections({ projectId: project.id }),
  ]);
  const { taskMix, goldRate, demonstrate, perturb, detect, assistance, aspects, steps } = readProjectSettings(stored.settings);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Task settings</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Each claim draws a task kind at random by these weights among the kinds with work for the labeler, and falls back to the others.{' '}
          <Link href={`/projects/${project.id}/demonstrations`} className="text-indigo-700 underline">
            Review demonstrations
          </Link>{' '}
          ·{' '}
          <Link href={`/projects/${project.id}/perturbations`} className="text-indigo-700 underline">
            Review perturbations
          </Link>{' '}
          ·{' '}
          <Link href={`/projects/${project.id}/settings/models`} className="text-indigo-700 underline">
            Model connections
          </Link>
        </p>
      </div>
      <Card title="Task mix and task settings">
        <TaskSettingsForm
          projectId={project.id}
          settings={{ taskMix, goldRate, demonstrate, perturb, detect }}
          members={members.map((m) => ({ userId: m.userId, name: m.user.name, kinds: m.allowedKinds }))}
          action={updateTaskSettingsAction}
        />
      </Card>
      <Card title="AI assistance while labeling">
        <AssistanceSettingsForm
          projectId={project.id}
          settings={assistance}
          connections={connections.map((c) => ({ id: c.id, name: c.name, model: c.model, shared: c.projectId === null }))}
          action={updateAssistanceSettingsAction}
        />
      </Card>
      <Card title="Aspects of a ranking">
        <AspectSettingsForm projectId={project.id} settings={aspects} action={updateAspectSettingsAction} />
      </Card>
      <Card title="Step labels (process supervision)">
        <StepsSettingsForm projectId={project.id} weight={taskMix.steps} settings={steps} action={updateStepsSettingsAction} />
      </Card>
      <ChatSettingsCard projectId={project.id} settings={stored.settings} />
    </div>
  );
}
