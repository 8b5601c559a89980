'use server';

import { revalidatePath } from 'next/cache';
import { requireProjectMember } from '@/lib/auth/session';
import type { FormState } from '@/lib/forms/form-state';
import { runAction } from '@/lib/forms/run-action';
import { LOCALE_NAMES } from '@/lib/i18n/locales';
import { ZSaveTranslationForm } from '@/lib/taxonomy/schemas';
import { saveProjectTranslation } from '@/lib/taxonomy/save-project-translation';

// The project id in the form is untrusted: the caller must lead *this* project (admins pass).
export async function saveTranslationAction(_state: FormState, formData: FormData): Promise<FormState> {
  const { user, project } = await requireProjectMember(String(formData.get('projectId') ?? ''), ['LEAD']);
  return runAction(ZSaveTranslationForm, formData, async ({ locale, responseFlags, promptFlags, skipReasons, guidelines }) => {
    await saveProjectTranslation({
      actorId: user.id,
      projectId: project.id,
      translation: { locale, responseFlags, promptFlags, skipReasons, guidelines },
    });
    revalidatePath(`/projects/${project.id}/taxonomy/translations`);
    return { ok: true, message: `Saved the ${LOCALE_NAMES[locale]} texts.` };
  });
}
