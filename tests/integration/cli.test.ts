/**
 * The operator CLI (scripts/cli.ts) as a real child process against this file's database:
 * exit codes (0 done, 1 failed, 2 usage), what it prints, and the rows it leaves. Each spawn
 * costs a second or two, so tests chain several checks on one run where they can.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { hashToken } from '@/lib/auth/secret-token';
import { getDb } from '@/lib/db';
import { testDatabaseUrl } from '../helpers/database-per-file';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const result = spawnSync(TSX, ['scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const uniqueEmail = (tag: string) => `cli-${tag}-${randomUUID()}@example.com`;

// Each test runs the CLI as child processes (tsx transpiles its import graph on start: seconds on a
// busy 2-core machine), so the file gets more than the suite's 30 s per test.
describe('operator CLI', { timeout: 120_000 }, () => {
  it('--help exits 0 and lists every command', () => {
    const { code, stdout } = cli('--help');

    expect(code).toBe(0);
    for (const command of [
      'user create',
      'user set-role',
      'user deactivate',
      'user activate',
      'project create',
      'member add',
      'token create',
    ]) {
      expect(stdout).toContain(command);
    }
  });

  it('exits 2 on an unknown command, naming it', () => {
    const { code, stderr } = cli('frobnicate', 'everything');

    expect(code).toBe(2);
    expect(stderr).toContain('Unknown command "frobnicate everything"');
  });

  it('exits 2 naming --role for an unknown role, and creates nothing', async () => {
    const email = uniqueEmail('wizard');
    const { code, stderr } = cli('user', 'create', '--email', email, '--role', 'WIZARD');

    expect(code).toBe(2);
    expect(stderr).toMatch(/--role: must be one of ADMIN, LEAD, RESEARCHER, LABELER/);
    expect(await getDb().user.count({ where: { email } })).toBe(0);
  });

  it('exits 2 naming --email when it is missing', () => {
    const { code, stderr } = cli('user', 'create', '--role', 'LABELER');

    expect(code).toBe(2);
    expect(stderr).toContain('--email is required');
  });

  it('creates a user with a generated password printed once that verifies against the stored hash; a duplicate exits 1', async () => {
    const email = uniqueEmail('create');
    const created = cli('user', 'create', '--email', email.toUpperCase(), '--role', 'lead');

    expect(created.code).toBe(0);
    const user = await getDb().user.findUniqueOrThrow({
      where: { email },
      select: { id: true, role: true, name: true, passwordHash: true },
    });
    // The email is stored lower-cased; the default name is the local part as typed.
    expect(user).toMatchObject({ role: 'LEAD', name: email.toUpperCase().split('@')[0] });
    expect(created.stdout).toContain(`created ${email} (LEAD) id=${user.id}`);
    const printed = [...created.stdout.matchAll(/^password \(shown once\): (\S+)$/gm)].map((m) => m[1]!);
    expect(printed).toHaveLength(1);
    const password = printed[0]!;
    expect(created.stdout.split(password)).toHaveLength(2);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.passwordHash, password)).toBe(true);
    expect(await getDb().auditEvent.findMany({ where: { targetId: user.id }, select: { actorId: true, action: true } })).toEqual([
      { actorId: null, action: 'user.create' },
    ]);

    const duplicate = cli('user', 'create', '--email', email, '--role', 'LABELER', '--password', 'another long password');

    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/^error: .*already exists/m);
    expect(await getDb().user.findMany({ where: { email }, select: { id: true, role: true } })).toEqual([{ id: user.id, role: 'LEAD' }]);
  });

  it('creates a project and adds a member to it', async () => {
    const email = uniqueEmail('member');
    const slug = `cli-${randomUUID().slice(0, 8)}`;
    expect(cli('user', 'create', '--email', email, '--role', 'LABELER', '--password', 'a long enough password').code).toBe(0);

    const project = cli('project', 'create', '--slug', slug, '--name', 'CLI Project', '--overlap', '4');
    const row = await getDb().project.findUniqueOrThrow({ where: { slug }, select: { id: true, name: true, overlap: true } });
    expect(project.code).toBe(0);
    expect(project.stdout).toContain(`created project ${slug} id=${row.id} overlap=4`);
    expect(row).toMatchObject({ name: 'CLI Project', overlap: 4 });

    const member = cli('member', 'add', '--project', slug, '--email', email);
    expect(member.code).toBe(0);
    expect(member.stdout).toContain(`${email} is a member of ${slug}`);
    const memberships = await getDb().membership.findMany({ where: { projectId: row.id }, select: { user: { select: { email: true } } } });
    expect(memberships).toEqual([{ user: { email } }]);
    expect(
      await getDb().auditEvent.findMany({ where: { projectId: row.id }, orderBy: { id: 'asc' }, select: { action: true, actorId: true } }),
    ).toEqual([
      { action: 'project.create', actorId: null },
      { action: 'project.member.add', actorId: null },
    ]);
  });

  it('creates an API token, printing a pl_ secret once and storing only its hash and the scopes; a bad scope exits 2', async () => {
    const user = await getDb().user.create({
      data: { email: uniqueEmail('token'), name: 'Token Owner', role: 'RESEARCHER' },
      select: { id: true, email: true },
    });

    const created = cli('token', 'create', '--email', user.email, '--scopes', 'import, read', '--name', 'nightly');

    expect(created.code).toBe(0);
    const secret = created.stdout.match(/^secret \(shown once\): (pl_[A-Za-z0-9_-]{43})$/m)?.[1];
    expect(secret).toBeDefined();
    const tokens = await getDb().apiToken.findMany({ where: { userId: user.id } });
    expect(tokens).toHaveLength(1);
    const [token] = tokens;
    expect(token).toMatchObject({
      name: 'nightly',
      tokenHash: hashToken(secret!),
      prefix: secret!.slice(0, 10),
      scopes: ['import', 'read'],
      projectId: null,
      expiresAt: null,
    });
    expect(JSON.stringify(token)).not.toContain(secret!);
    expect(created.stdout).toContain(`token ${secret!.slice(0, 10)}… scopes=import,read`);

    const bad = cli('token', 'create', '--email', user.email, '--scopes', 'import,delete');

    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--scopes: scope must be one of import, export, read');
    expect(await getDb().apiToken.count({ where: { userId: user.id } })).toBe(1);
  });
});
