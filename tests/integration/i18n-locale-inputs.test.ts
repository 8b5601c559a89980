import { describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { loadLocaleInputs } from '@/lib/i18n/load-locale-inputs';
import { negotiateLocale } from '@/lib/i18n/locales';
import { setUserLocale } from '@/lib/i18n/set-user-locale';

// Issue 31: what a request's locale is negotiated from, read from the database: the profile's locale and
// the default of the project the request is about (the route's, when the user may see it; else the
// project they joined last).
describe('loadLocaleInputs', () => {
  it('takes the route’s project for a member, the last joined project elsewhere, and never a project the user is not in', async () => {
    const labeler = await buildUser({ role: 'LABELER' });
    const older = await buildProject({ members: [labeler.email], settings: { defaultLocale: 'de' } });
    // Memberships are ordered by when they were made: make the second one clearly later.
    await getDb().membership.updateMany({ where: { projectId: older.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await buildProject({ members: [labeler.email], settings: { defaultLocale: 'ja' } });
    const foreign = await buildProject({ settings: { defaultLocale: 'ar' } });

    const at = (routeProjectId: string | null) => loadLocaleInputs({ userId: labeler.id, isAdmin: false, routeProjectId });
    expect(await at(older.id)).toEqual({ profile: null, projectDefault: 'de' });
    expect(await at(null)).toEqual({ profile: null, projectDefault: 'ja' });
    expect(await at(foreign.id)).toEqual({ profile: null, projectDefault: 'ja' });
    expect(await at('not-a-uuid')).toEqual({ profile: null, projectDefault: 'ja' });
    expect(await loadLocaleInputs({ userId: labeler.id, isAdmin: true, routeProjectId: foreign.id })).toEqual({
      profile: null,
      projectDefault: 'ar',
    });

    // The profile wins over the browser and the project; clearing it lets them decide again.
    await setUserLocale({ userId: labeler.id, locale: 'es' });
    const inputs = await at(older.id);
    expect(inputs.profile).toBe('es');
    expect(negotiateLocale({ ...inputs, acceptLanguage: 'fr-FR,fr;q=0.9' })).toBe('es');
    await setUserLocale({ userId: labeler.id, locale: null });
    expect(negotiateLocale({ ...(await at(older.id)), acceptLanguage: 'fr-FR,fr;q=0.9' })).toBe('fr');
    expect(negotiateLocale({ ...(await at(older.id)), acceptLanguage: 'sv' })).toBe('de');
  });

  it('has no project default for a user in no project', async () => {
    const loner = await buildUser({ role: 'LABELER' });
    expect(await loadLocaleInputs({ userId: loner.id, isAdmin: false, routeProjectId: null })).toEqual({
      profile: null,
      projectDefault: null,
    });
  });
});
