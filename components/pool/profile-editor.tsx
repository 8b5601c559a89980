'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { ClearProfileForm } from '@/components/pool/clear-profile-form';
import { ProfileForm } from '@/components/pool/profile-form';
import { Card } from '@/components/ui/card';
import type { FormState } from '@/lib/forms/form-state';
import type { MyProfile } from '@/lib/pool/get-my-profile';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * The profile form and "Clear my profile". The form's inputs are uncontrolled, so after a clear it
 * is mounted afresh to show the (now empty) saved profile the action's refresh brought.
 */
export function ProfileEditor({ profile, save, clear }: { profile: MyProfile; save: Action; clear: Action }) {
  const t = useTranslations('Profile');
  const [version, setVersion] = useState(0);
  const onCleared = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <>
      <Card title={t('yourProfile')}>
        <ProfileForm key={version} profile={profile} action={save} />
      </Card>
      <Card title={t('clearTitle')}>
        <ClearProfileForm action={clear} onCleared={onCleared} />
      </Card>
    </>
  );
}
