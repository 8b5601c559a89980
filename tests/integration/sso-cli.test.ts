/**
 * The break-glass of single sign-on (issue 30): an operator turns password sign-in back on with the
 * CLI (a real child process, without any OIDC_* variable) after an admin turned it off.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD_SIGN_IN_KEY } from '@/lib/auth/password-sign-in';
import { getDb } from '@/lib/db';
import { testDatabaseUrl } from '../helpers/database-per-file';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run cli -- password-sign-in enable', { timeout: 120_000 }, () => {
  it('turns a stored "off" back on, audited with no actor', async () => {
    await getDb().appSetting.create({ data: { key: PASSWORD_SIGN_IN_KEY, value: 'off' } });
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: testDatabaseUrl };
    for (const key of Object.keys(env)) if (key.startsWith('OIDC_')) delete env[key];
    const result = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/cli.ts', 'password-sign-in', 'enable'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('password sign-in is on');
    expect(result.status).toBe(0);
    expect((await getDb().appSetting.findUniqueOrThrow({ where: { key: PASSWORD_SIGN_IN_KEY } })).value).toBe('on');
    const audit = await getDb().auditEvent.findMany({
      where: { action: 'settings.password_sign_in.set' },
      select: { actorId: true, data: true },
    });
    expect(audit).toEqual([{ actorId: null, data: { from: 'off', to: 'on' } }]);
  });
});
