import type { Metadata } from 'next';
import { ProfileEditor } from '@/components/pool/profile-editor';
import { ProfileStatement } from '@/components/pool/profile-statement';
import { Card } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/session';
import { getMyProfile } from '@/lib/pool/get-my-profile';
import { DEFAULT_POOL_SETTINGS } from '@/lib/pool/pool-settings';
import { clearMyProfileAction, saveMyProfileAction } from './actions';

export const metadata: Metadata = { title: 'Labeler profile' };

/** The signed-in person's own labeler profile (issue 10): what it is for, the form, and "Clear my profile". */
export default async function ProfilePage() {
  const user = await requireUser();
  const profile = await getMyProfile({ userId: user.id });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Labeler profile</h1>
        <p className="text-sm text-slate-600">
          {profile.updatedAt ? `Last saved ${profile.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : 'Nothing saved yet.'}
        </p>
      </div>
      <Card title="What we keep and why">
        <ProfileStatement minGroupSize={DEFAULT_POOL_SETTINGS.minGroupSize} />
      </Card>
      <ProfileEditor profile={profile} save={saveMyProfileAction} clear={clearMyProfileAction} />
    </div>
  );
}
