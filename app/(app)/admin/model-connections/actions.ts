'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { archiveModelConnection } from '@/lib/models/archive-model-connection';
import { createModelConnection } from '@/lib/models/create-model-connection';
import { ZArchiveModelConnection, ZSaveModelConnection, ZTestSavedModelConnection, type ConnectionTestState } from '@/lib/models/schemas';
import { testModelConnection } from '@/lib/models/test-model-connection';
import { updateModelConnection } from '@/lib/models/update-model-connection';

// The shared list: projectId null in lib, which admits admins only.
const PATH = '/admin/model-connections';

/** Adds a shared connection, or saves the edited one and goes back to the list. */
export async function saveSharedModelConnectionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZSaveModelConnection, formData, async ({ connectionId, input }) => {
    if (connectionId) {
      await updateModelConnection({ actor: admin, projectId: null, connectionId, input });
      revalidatePath(PATH);
      redirect(PATH);
    }
    const created = await createModelConnection({ actor: admin, projectId: null, input });
    revalidatePath(PATH);
    return { ok: true, message: `Added “${created.name}”.` };
  });
}

/** Tests the form's values (the stored key when the key field is empty), saving nothing. */
export async function testSharedModelConnectionFormAction(_state: ConnectionTestState, formData: FormData): Promise<ConnectionTestState> {
  const admin = await requireRole('ADMIN');
  const state: ConnectionTestState = {};
  const answer = await runAction(ZSaveModelConnection, formData, async ({ connectionId, input }) => {
    state.test = await testModelConnection({ actor: admin, projectId: null, ...(connectionId ? { connectionId } : {}), input });
  });
  return state.test ? { ...answer, ok: state.test.ok, test: state.test } : answer;
}

export async function testSavedSharedModelConnectionAction(_state: ConnectionTestState, formData: FormData): Promise<ConnectionTestState> {
  const admin = await requireRole('ADMIN');
  const state: ConnectionTestState = {};
  const answer = await runAction(ZTestSavedModelConnection, formData, async ({ connectionId }) => {
    state.test = await testModelConnection({ actor: admin, projectId: null, connectionId });
  });
  return state.test ? { ...answer, ok: state.test.ok, test: state.test } : answer;
}

export async function archiveSharedModelConnectionAction(_state: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireRole('ADMIN');
  return runAction(ZArchiveModelConnection, formData, async ({ connectionId }) => {
    const archived = await archiveModelConnection({ actor: admin, projectId: null, connectionId });
    revalidatePath(PATH);
    return { ok: true, message: `Archived “${archived.name}”.` };
  });
}
