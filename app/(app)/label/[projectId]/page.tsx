import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import { requireProjectMember } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Task' };

export default async function LabelProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{project.name}</h1>
      <Card title="Your next task">
        <p className="text-slate-700">The ranking screen is not switched on for this project yet. Check back soon.</p>
      </Card>
      <Card title="Guidelines">
        {project.guidelines ? <SafeMarkdown text={project.guidelines} /> : <p className="text-sm text-slate-800">No guidelines yet.</p>}
      </Card>
    </div>
  );
}
