// The labeler-pool page's widgets: each one lib call, streamed into its own <Suspense>.
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { FigureFreshnessNote } from '@/components/dashboard/figure-freshness-note';
import { GroupBreakdownPanel } from '@/components/pool/group-breakdown';
import { DeleteProfileFieldButton, PoolSettingsForm, ProfileFieldForm } from '@/components/pool/lead-forms';
import { MemberProfilesTable, StarvingItems } from '@/components/pool/pool-tables';
import { findGroupBreakdown } from '@/lib/dashboard/find-group-breakdown';
import { findMemberProfiles } from '@/lib/pool/find-member-profiles';
import { findStarvingItems } from '@/lib/pool/find-starving-items';
import { getPoolSettings } from '@/lib/pool/pool-settings';
import { deleteProfileFieldAction, saveProfileFieldAction, updatePoolSettingsAction } from './actions';

export const POOL_WIDGETS = {
  groups: { id: 'groups', title: 'Preferences by group' },
  starving: { id: 'starving', title: 'Items starving for qualified labelers' },
  profiles: { id: 'profiles', title: 'Labeler profiles' },
  settings: { id: 'settings', title: 'Pool settings' },
} as const;

export async function GroupsWidget({ projectId, attribute }: { projectId: string; attribute: string | null }) {
  // Computed off the request path by the stats refresh job, per attribute asked for (queued by the read when behind).
  const view = await findGroupBreakdown({ projectId, attribute });
  const now = Date.now();
  return (
    <DashboardSection
      {...POOL_WIDGETS.groups}
      description="Agreement and model scores per group of a profile attribute, beside everyone pooled."
      busy={view.freshness.asOf === null}
    >
      <div className="flex flex-col gap-3">
        <GroupBreakdownPanel projectId={projectId} view={view} />
        {view.attribute === null ? null : <FigureFreshnessNote freshness={view.freshness} now={now} what="group figures" />}
      </div>
    </DashboardSection>
  );
}

export async function StarvingWidget({ projectId }: { projectId: string }) {
  // Past a backlog of changes, the list as last folded while the background fold runs (lib/pool/fold-progress.ts).
  const starving = await findStarvingItems({ projectId });
  const { freshness } = starving;
  const now = Date.now();
  return (
    <DashboardSection
      {...POOL_WIDGETS.starving}
      description="Routed items with open slots and fewer active, qualified labelers left than slots."
      busy={freshness.behind}
    >
      <div className="flex flex-col gap-3">
        {freshness.behind ? <FigureFreshnessNote freshness={freshness} now={now} what="starving items" pollWhileBehind /> : null}
        {freshness.asOf !== null ? <StarvingItems projectId={projectId} starving={starving} /> : null}
      </div>
    </DashboardSection>
  );
}

export async function ProfilesWidget({ projectId }: { projectId: string }) {
  const { fields, members } = await findMemberProfiles({ projectId });
  return (
    <DashboardSection
      {...POOL_WIDGETS.profiles}
      description="What each labeler chose to say about themselves (optional); this project's questions only."
    >
      <MemberProfilesTable fields={fields} members={members} />
    </DashboardSection>
  );
}

export async function SettingsWidget({ projectId }: { projectId: string }) {
  const [settings, { fields }] = await Promise.all([getPoolSettings({ projectId }), findMemberProfiles({ projectId })]);
  return (
    <DashboardSection
      {...POOL_WIDGETS.settings}
      description="Project routing, group-size minimum, speed floor, export opt-in, and the profile questions this project asks."
    >
      <div className="flex flex-col gap-6">
        <PoolSettingsForm projectId={projectId} settings={settings} action={updatePoolSettingsAction} />
        <div className="flex flex-col gap-3">
          <h3 className="text-sm font-semibold text-slate-900">Profile questions</h3>
          {fields.length ? (
            <ul className="flex flex-col gap-1 text-sm">
              {fields.map((f) => (
                <li key={f.id} className="flex items-center gap-3">
                  <span>
                    <span className="font-mono">{f.key}</span>: {f.label} ({f.type === 'SELECT' ? `one of ${f.options.join(', ')}` : 'text'}
                    )
                  </span>
                  <DeleteProfileFieldButton projectId={projectId} fieldId={f.id} label={f.label} action={deleteProfileFieldAction} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">No project questions yet.</p>
          )}
          <ProfileFieldForm projectId={projectId} action={saveProfileFieldAction} />
        </div>
      </div>
    </DashboardSection>
  );
}
