'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createEventWebhook, removeEventWebhook, sendEventWebhookPing, updateEventWebhook } from '@/lib/webhooks/save-event-webhook';
import { ZEventWebhookInput } from '@/lib/webhooks/schemas';

// Every action re-checks the caller's role in *this* project: the ids in the form are untrusted.
const projectOf = (formData: FormData) => String(formData.get('projectId') ?? '');
const ZWebhookId = z.object({ webhookId: z.uuid({ message: 'Unknown webhook' }) });

export async function createEventWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZEventWebhookInput, formData, async (input) => {
    const { secret } = await createEventWebhook({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/webhooks`);
    return { ok: true, message: 'Subscribed. Deliveries start with the next event.', result: { secret } };
  });
}

export async function updateEventWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  const schema = ZEventWebhookInput.and(ZWebhookId).and(z.object({ rotateSecret: z.literal('true').optional() }));
  return runAction(schema, formData, async ({ webhookId, rotateSecret, ...input }) => {
    const { secret } = await updateEventWebhook({
      actorId: user.id,
      projectId: project.id,
      webhookId,
      input,
      rotateSecret: Boolean(rotateSecret),
    });
    revalidatePath(`/projects/${project.id}/webhooks`);
    return { ok: true, message: secret ? 'Saved with a new signing secret.' : 'Saved.', ...(secret ? { result: { secret } } : {}) };
  });
}

export async function removeEventWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZWebhookId, formData, async ({ webhookId }) => {
    await removeEventWebhook({ actorId: user.id, projectId: project.id, webhookId });
    revalidatePath(`/projects/${project.id}/webhooks`);
    return { ok: true, message: 'Webhook removed.' };
  });
}

export async function pingEventWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZWebhookId, formData, async ({ webhookId }) => {
    const { eventId } = await sendEventWebhookPing({ projectId: project.id, webhookId });
    revalidatePath(`/projects/${project.id}/webhooks`);
    return { ok: true, message: `Ping queued (event ${eventId.slice(0, 8)}); it is sent within seconds.` };
  });
}
