import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { EventDeliveryTable } from '@/components/webhooks/event-delivery-table';
import { EventWebhookButton, EventWebhookForm } from '@/components/webhooks/event-webhook-form';
import { requireProjectMember } from '@/lib/auth/session';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from '@/lib/webhooks/events';
import { findEventWebhooks } from '@/lib/webhooks/find-event-webhooks';
import { MAX_EVENT_WEBHOOKS } from '@/lib/webhooks/save-event-webhook';
import { createEventWebhookAction, pingEventWebhookAction, removeEventWebhookAction, updateEventWebhookAction } from './actions';

export const metadata: Metadata = { title: 'Webhooks' };

type Props = { params: Promise<{ projectId: string }> };

const EVENTS = WEBHOOK_EVENTS.map((name) => ({ name, description: WEBHOOK_EVENT_DESCRIPTIONS[name] }));

/** A lead's event webhooks: endpoints subscribed to the project's events, with their delivery logs. */
export default async function WebhooksPage({ params }: Props) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const webhooks = await findEventWebhooks({ projectId: project.id, revealUrl: true });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-slate-600">
          Each event is POSTed as JSON to every endpoint subscribed to it, signed with the endpoint&apos;s secret, and retried after 1, 5,
          30 and 120 minutes. Delivery is at least once: receivers deduplicate on <code className="font-mono">event_id</code>. Labelers
          appear by their export pseudonym. The trainer webhook for new snapshots stays on the{' '}
          <Link href={`/projects/${project.id}/export`} className="text-indigo-700 hover:underline">
            Export
          </Link>{' '}
          page.
        </p>
      </div>
      {webhooks.map((w) => (
        <Card
          key={w.id}
          title={w.description || w.url}
          actions={
            <div className="flex items-center gap-4">
              <EventWebhookButton projectId={project.id} webhookId={w.id} action={pingEventWebhookAction} label="Send a ping" />
              <EventWebhookButton projectId={project.id} webhookId={w.id} action={removeEventWebhookAction} label="Remove" danger />
            </div>
          }
        >
          <p className="mb-3 text-xs text-slate-600">
            <span className="font-mono">{w.url}</span> · secret <span className="font-mono">{w.secretPrefix}…</span> ·{' '}
            {w.events.map((e) => (
              <code key={e} className="me-1 rounded bg-slate-100 px-1 font-mono">
                {e}
              </code>
            ))}
          </p>
          <EventDeliveryTable deliveries={w.deliveries} />
          <details className="mt-4">
            <summary className="cursor-pointer text-sm text-indigo-700">Edit</summary>
            <div className="mt-3">
              <EventWebhookForm
                projectId={project.id}
                events={EVENTS}
                action={updateEventWebhookAction}
                webhook={{ id: w.id, url: w.url, description: w.description, events: w.events }}
              />
            </div>
          </details>
        </Card>
      ))}
      {webhooks.length < MAX_EVENT_WEBHOOKS ? (
        <Card title="Subscribe an endpoint">
          <EventWebhookForm projectId={project.id} events={EVENTS} action={createEventWebhookAction} />
        </Card>
      ) : (
        <p className="text-sm text-slate-600">
          This project has {MAX_EVENT_WEBHOOKS} endpoints, the most it can have: remove one to add another.
        </p>
      )}
    </div>
  );
}
