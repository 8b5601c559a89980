import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { ProfileEditor } from '@/components/pool/profile-editor';
import { ProfileStatement } from '@/components/pool/profile-statement';
import { Card } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/session';
import { getMyProfile } from '@/lib/pool/get-my-profile';
import { DEFAULT_POOL_SETTINGS } from '@/lib/pool/pool-settings';
import { clearMyProfileAction, saveMyProfileAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Profile');
  return { title: t('title') };
}

/** The signed-in person's own labeler profile (issue 10): what it is for, the form, and "Clear my profile". */
export default async function ProfilePage() {
  const user = await requireUser();
  const profile = await getMyProfile({ userId: user.id });
  const [t, format] = await Promise.all([getTranslations('Profile'), getFormatter()]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('title')}</h1>
        <p className="text-sm text-slate-600">
          {profile.updatedAt
            ? t('lastSaved', { at: format.dateTime(profile.updatedAt, { dateStyle: 'medium', timeStyle: 'short' }) })
            : t('nothingSaved')}
        </p>
      </div>
      <Card title={t('whatWeKeep')}>
        <ProfileStatement minGroupSize={DEFAULT_POOL_SETTINGS.minGroupSize} />
      </Card>
      <ProfileEditor profile={profile} save={saveMyProfileAction} clear={clearMyProfileAction} />
    </div>
  );
}
