'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';
import type { MyProfile } from '@/lib/pool/get-my-profile';
import { PROFICIENCIES } from '@/lib/pool/schemas';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

const BLANK_ROWS = 2;

/**
 * The labeler's profile form. Unlike useFormAction it keeps the values after a save (they are
 * the saved profile); every input names its errors next to it.
 */
export function ProfileForm({ profile, action }: { profile: MyProfile; action: Action }) {
  const t = useTranslations('Profile');
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const errors = (key: string) => state.errors?.[key];
  const rows = [
    ...profile.languages,
    ...Array.from({ length: BLANK_ROWS }, () => ({ language: '', proficiency: 'FLUENT' as const })),
  ].slice(0, 20);
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-col gap-5" aria-label={t('title')}>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">{t('languages')}</legend>
        <p className="text-xs text-slate-500">{t('languagesHint')}</p>
        {rows.map((row, i) => (
          <div key={i} className="grid grid-cols-[minmax(0,1fr)_8rem] gap-2 sm:grid-cols-[minmax(0,1fr)_10rem]">
            <Field id={`language_${i}`} label={t('language', { number: i + 1 })} errors={errors(`languages.${i}.language`)}>
              <input
                id={`language_${i}`}
                name={`language_${i}`}
                defaultValue={row.language}
                dir="auto"
                className={inputClass}
                maxLength={60}
                aria-invalid={!!errors(`languages.${i}.language`)}
                aria-describedby={`language_${i}-error`}
              />
            </Field>
            <Field id={`proficiency_${i}`} label={t('proficiency', { number: i + 1 })} errors={errors(`languages.${i}.proficiency`)}>
              <select
                id={`proficiency_${i}`}
                name={`proficiency_${i}`}
                defaultValue={row.proficiency}
                className={inputClass}
                aria-describedby={`proficiency_${i}-error`}
              >
                {PROFICIENCIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`proficiencyLevel.${p}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ))}
      </fieldset>
      <Field id="region" label={t('region')} hint={t('regionHint')} errors={errors('region')}>
        <input
          id="region"
          name="region"
          defaultValue={profile.region ?? ''}
          className={inputClass}
          maxLength={80}
          aria-invalid={!!errors('region')}
          aria-describedby="region-error"
        />
      </Field>
      <Field id="expertise" label={t('expertise')} hint={t('expertiseHint')} errors={errors('expertise')}>
        <input
          id="expertise"
          name="expertise"
          defaultValue={profile.expertise.join(', ')}
          className={inputClass}
          aria-invalid={!!errors('expertise')}
          aria-describedby="expertise-error"
        />
      </Field>
      {profile.projects.map((p) => (
        <fieldset key={p.projectId} className="flex flex-col gap-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-800">{t('askedBy', { project: p.projectName })}</legend>
          {p.fields.map((f) => {
            const id = `field_${f.id}`;
            return (
              <Field key={f.id} id={id} label={f.label} errors={errors(id)}>
                {f.type === 'SELECT' ? (
                  <select id={id} name={id} defaultValue={f.value} className={inputClass} aria-describedby={`${id}-error`}>
                    <option value="">{t('notGiven')}</option>
                    {f.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    name={id}
                    defaultValue={f.value}
                    className={inputClass}
                    maxLength={200}
                    aria-invalid={!!errors(id)}
                    aria-describedby={`${id}-error`}
                  />
                )}
              </Field>
            );
          })}
        </fieldset>
      ))}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {t('save')}
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
