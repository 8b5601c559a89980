'use server';

import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { deleteExportSnapshot } from '@/lib/export/delete-export-snapshot';
import { runSnapshotBuild } from '@/lib/export/run-snapshot-build';
import { ZDatasetCardSettings, ZExportForm, ZSnapshotId } from '@/lib/export/schemas';
import { setDatasetCardSettings } from '@/lib/export/set-dataset-card-settings';
import { removeProjectWebhook } from '@/lib/webhooks/remove-project-webhook';
import { setProjectWebhook } from '@/lib/webhooks/set-project-webhook';
import { ZSetWebhook } from '@/lib/webhooks/schemas';

// Every action re-checks the caller's role in *this* project: the id in the form is untrusted.
const projectOf = (formData: FormData) => String(formData.get('projectId') ?? '');

/** Starts a snapshot and builds it after answering; the page shows its progress from the snapshot row. */
export async function createSnapshotAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['RESEARCHER', 'LEAD']);
  return runAction(ZExportForm, formData, async ({ projectId: _ignored, ...request }) => {
    const { id } = await createExportSnapshot({ projectId: project.id, actorId: user.id, request });
    after(() => runSnapshotBuild({ snapshotId: id }));
    revalidatePath(`/projects/${project.id}/export`);
    return { ok: true, message: 'Building the snapshot…', result: { snapshotId: id } };
  });
}

export async function deleteSnapshotAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['RESEARCHER', 'LEAD']);
  return runAction(ZSnapshotId, formData, async ({ snapshotId }) => {
    await deleteExportSnapshot({ actor: user, projectId: project.id, snapshotId });
    revalidatePath(`/projects/${project.id}/export`);
    return { ok: true, message: 'Snapshot deleted.' };
  });
}

export async function setWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZSetWebhook, formData, async (input) => {
    const { secret } = await setProjectWebhook({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/export`);
    return { ok: true, message: 'Webhook saved with a new signing secret.', result: { secret } };
  });
}

export async function removeWebhookAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  await removeProjectWebhook({ actorId: user.id, projectId: project.id });
  revalidatePath(`/projects/${project.id}/export`);
  return { ok: true, message: 'Webhook removed.' };
}

/** A lead sets the licence and languages later snapshots' dataset cards declare. */
export async function setDatasetCardAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZDatasetCardSettings, formData, async ({ projectId: _ignored, ...input }) => {
    await setDatasetCardSettings({ actorId: user.id, projectId: project.id, input });
    revalidatePath(`/projects/${project.id}/export`);
    return { ok: true, message: 'Saved: snapshots made from now on declare these.' };
  });
}
