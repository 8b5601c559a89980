'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { archiveModelConnection } from '@/lib/models/archive-model-connection';
import { createModelConnection } from '@/lib/models/create-model-connection';
import { ZArchiveModelConnection, ZSaveModelConnection, ZTestSavedModelConnection, type ConnectionTestState } from '@/lib/models/schemas';
import { testModelConnection } from '@/lib/models/test-model-connection';
import { updateModelConnection } from '@/lib/models/update-model-connection';

// Every action re-checks the caller's role in *this* project (the id in the form is untrusted); lib checks the connection's scope.
const projectOf = (formData: FormData) => String(formData.get('projectId') ?? '');
const pathOf = (projectId: string) => `/projects/${projectId}/settings/models`;

/** Adds a connection, or saves the edited one and goes back to the list. */
export async function saveModelConnectionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZSaveModelConnection, formData, async ({ connectionId, input }) => {
    if (connectionId) {
      await updateModelConnection({ actor: user, projectId: project.id, connectionId, input });
      revalidatePath(pathOf(project.id));
      redirect(pathOf(project.id));
    }
    const created = await createModelConnection({ actor: user, projectId: project.id, input });
    revalidatePath(pathOf(project.id));
    return { ok: true, message: `Added “${created.name}”.` };
  });
}

/** Tests the form's values (the stored key when the key field is empty), saving nothing. */
export async function testModelConnectionFormAction(_state: ConnectionTestState, formData: FormData): Promise<ConnectionTestState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  const state: ConnectionTestState = {};
  const answer = await runAction(ZSaveModelConnection, formData, async ({ connectionId, input }) => {
    state.test = await testModelConnection({ actor: user, projectId: project.id, ...(connectionId ? { connectionId } : {}), input });
  });
  return state.test ? { ...answer, ok: state.test.ok, test: state.test } : answer;
}

/** Tests a saved connection (the project's own or a shared one). */
export async function testSavedModelConnectionAction(_state: ConnectionTestState, formData: FormData): Promise<ConnectionTestState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  const state: ConnectionTestState = {};
  const answer = await runAction(ZTestSavedModelConnection, formData, async ({ connectionId }) => {
    state.test = await testModelConnection({ actor: user, projectId: project.id, connectionId });
  });
  return state.test ? { ...answer, ok: state.test.ok, test: state.test } : answer;
}

export async function archiveModelConnectionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(projectOf(formData), ['LEAD']);
  return runAction(ZArchiveModelConnection, formData, async ({ connectionId }) => {
    const archived = await archiveModelConnection({ actor: user, projectId: project.id, connectionId });
    revalidatePath(pathOf(project.id));
    return { ok: true, message: `Archived “${archived.name}”.` };
  });
}
