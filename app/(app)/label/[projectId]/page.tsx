import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
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
        {/* Plain text until the safe markdown renderer lands: never raw HTML. */}
        <div className="whitespace-pre-wrap text-sm text-slate-800">{project.guidelines || 'No guidelines yet.'}</div>
      </Card>
    </div>
  );
}
