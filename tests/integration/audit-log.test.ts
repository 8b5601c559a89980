/**
 * The audit log (issue 30) against a real PostgreSQL: rows are append-only (a trigger refuses
 * UPDATE, DELETE and TRUNCATE; deleting a user only nulls its actor), a failed action leaves no
 * row, token use is recorded once a day, filters and keyset pages, a lead reads only their
 * projects' rows, and the CSV / JSON lines export with its refusals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProject, buildUser, insertMemberships } from '@/lib/builders';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));

const route = await import('@/app/(app)/audit/export/route');
const { getDb, getPgPool, withTransaction } = await import('@/lib/db');
const { findAuditEvents } = await import('@/lib/audit/find-audit-events');
const { insertAuditEvent } = await import('@/lib/audit/insert-audit-event');
const { setUserRole } = await import('@/lib/users/set-user-role');
const { importFile } = await import('@/lib/import/import-file');
const { authenticateApiToken } = await import('@/lib/auth/api-token');
const { createApiToken } = await import('@/lib/tokens/create-api-token');

const auditCount = async (where: string, params: unknown[]) =>
  Number((await getPgPool().query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE ${where}`, params)).rows[0]!.n);

let P1: string, P2: string;
let admin: { id: string }, lead: { id: string }, labeler: { id: string };

beforeAll(async () => {
  admin = await buildUser({ role: 'ADMIN', password: null });
  lead = await buildUser({ role: 'LEAD', password: null, email: `lead-${randomUUID().slice(0, 6)}@audit.test` });
  labeler = await buildUser({ password: null });
  P1 = (await buildProject({ name: 'Audit P1' })).id;
  P2 = (await buildProject({ name: 'Audit P2' })).id;
  await insertMemberships({ projectId: P1, userIds: [lead.id, labeler.id] });
  // 120 rows in P1 by the lead, then P2 and project-less rows by the admin.
  await withTransaction(async (client) => {
    for (let i = 0; i < 120; i++)
      await insertAuditEvent(client, {
        actorId: lead.id,
        projectId: P1,
        action: i % 3 === 0 ? 'project.member.pause' : i % 3 === 1 ? 'project.members_x.odd' : 'item.gold.set',
        targetType: i % 2 ? 'user' : 'item',
        targetId: `t-${i}`,
        data: { i },
      });
    await insertAuditEvent(client, { actorId: admin.id, projectId: P2, action: 'project.member.add', targetType: 'user', targetId: 'p2' });
    await insertAuditEvent(client, { actorId: admin.id, action: 'user.role.set', targetType: 'user', targetId: lead.id });
  });
});

describe('audit rows are append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, and lets a deleted user only null the actor', async () => {
    const pool = getPgPool();
    const total = await auditCount(`"projectId" = $1`, [P1]);
    const [row] = (await pool.query<{ id: string }>(`SELECT id::text FROM audit_events WHERE "projectId" = $1 ORDER BY id LIMIT 1`, [P1]))
      .rows;
    await expect(pool.query(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [row!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`UPDATE audit_events SET "actorId" = $2 WHERE id = $1`, [row!.id, admin.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM audit_events WHERE id = $1`, [row!.id])).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    expect(await auditCount(`"projectId" = $1`, [P1])).toBe(total);

    const gone = await buildUser({ password: null });
    await withTransaction((client) =>
      insertAuditEvent(client, { actorId: gone.id, projectId: P2, action: 'test.leaver', data: { kept: true } }),
    );
    await pool.query(`DELETE FROM users WHERE id = $1`, [gone.id]);
    const kept = (await pool.query(`SELECT "actorId", "projectId", data FROM audit_events WHERE action = 'test.leaver'`)).rows;
    expect(kept).toEqual([{ actorId: null, projectId: P2, data: { kept: true } }]);
  });
});

describe('a failed action leaves no audit row', () => {
  it('a role change refused by the last-admin guard', async () => {
    const pool = getPgPool();
    // Make the admin the only active one (in this file's own database), then try to demote them.
    const others = (
      await pool.query<{ id: string }>(`UPDATE users SET active = false WHERE role = 'ADMIN' AND active AND id <> $1 RETURNING id::text`, [
        admin.id,
      ])
    ).rows;
    try {
      const before = await auditCount(`action = 'user.role.set' AND "targetId" = $1`, [admin.id]);
      await expect(setUserRole({ actorId: admin.id, input: { userId: admin.id, role: 'LEAD' } })).rejects.toThrow(
        /last active administrator/,
      );
      expect(await auditCount(`action = 'user.role.set' AND "targetId" = $1`, [admin.id])).toBe(before);
      // The same change on a non-admin succeeds and writes exactly one row.
      await setUserRole({ actorId: admin.id, input: { userId: labeler.id, role: 'RESEARCHER' } });
      expect(await auditCount(`action = 'user.role.set' AND "targetId" = $1`, [labeler.id])).toBe(1);
    } finally {
      await pool.query(`UPDATE users SET active = true WHERE id = ANY ($1::uuid[])`, [others.map((o) => o.id)]);
      await pool.query(`UPDATE users SET role = 'LABELER' WHERE id = $1`, [labeler.id]);
    }
  });

  it('an import refused by validation, while a good one writes one row', async () => {
    const run = async (rows: unknown[]) => {
      const file = path.join(os.tmpdir(), `audit-import-${randomUUID()}.jsonl`);
      fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
      try {
        return await importFile({ projectId: P2, actorId: admin.id, open: () => fs.createReadStream(file) });
      } finally {
        fs.rmSync(file);
      }
    };
    const good = {
      id: 'a-1',
      prompt: 'Hello?',
      responses: [
        { id: 'x', model: 'm', text: 'Hi' },
        { id: 'y', model: 'n', text: 'Hey' },
      ],
    };
    const bad = { id: 'a-2', prompt: 'Hello?', responses: [{ id: 'x', model: 'm', text: 'only one' }] };
    expect((await run([good, bad])).ok).toBe(false);
    expect(await auditCount(`action = 'project.import' AND "projectId" = $1`, [P2])).toBe(0);
    expect((await run([good])).ok).toBe(true);
    expect(await auditCount(`action = 'project.import' AND "projectId" = $1`, [P2])).toBe(1);
  });
});

describe('token use', () => {
  it('records a token’s first use of the day once, in its project', async () => {
    const { id, token } = await createApiToken({
      actorId: lead.id,
      input: { userId: lead.id, name: 'ci', scopes: ['export'], projectId: P1 },
    });
    await authenticateApiToken(`Bearer ${token}`, 'export');
    await authenticateApiToken(`Bearer ${token}`, 'export');
    expect(await auditCount(`action = 'token.use' AND "targetId" = $1 AND "projectId" = $2 AND "actorId" = $3`, [id, P1, lead.id])).toBe(1);
    // A refused use (wrong scope) records nothing; a use on a later day records again.
    await expect(authenticateApiToken(`Bearer ${token}`, 'import')).rejects.toThrow(/scope/);
    await getDb().apiToken.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 2 * 86_400_000) } });
    await authenticateApiToken(`Bearer ${token}`, 'export');
    expect(await auditCount(`action = 'token.use' AND "targetId" = $1`, [id])).toBe(2);
  });
});

describe('reading the audit log', () => {
  it('pages by keyset through every row, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let page = 0; page < 20; page++) {
      const { rows, next } = await findAuditEvents({
        viewer: admin as never,
        filters: { project: P1, action: 'item.gold', ...(before ? { before } : {}) },
        limit: 7,
      });
      seen.push(...rows.map((r) => r.id));
      if (!next) break;
      before = next;
    }
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  });

  it('filters by action prefix (whole dotted words), actor, target and dates', async () => {
    const viewer = { id: admin.id, role: 'ADMIN' as const };
    const find = (filters: Parameters<typeof findAuditEvents>[0]['filters']) =>
      findAuditEvents({ viewer, filters: { project: P1, ...filters }, limit: 1000 });
    expect((await find({ action: 'project.member' })).rows).toHaveLength(40);
    expect(new Set((await find({ action: 'project.member' })).rows.map((r) => r.action))).toEqual(new Set(['project.member.pause']));
    expect((await find({ action: 'project.members_x' })).rows).toHaveLength(40);
    expect((await find({ actor: 'LEAD-nobody@audit.test' })).rows).toHaveLength(0);
    const byLead = await find({
      actor: (await getDb().user.findUniqueOrThrow({ where: { id: lead.id }, select: { email: true } })).email.toUpperCase(),
    });
    expect(byLead.rows.filter((r) => r.targetType === 'item')).toHaveLength(60);
    expect(new Set(byLead.rows.map((r) => r.actorId))).toEqual(new Set([lead.id]));
    expect((await find({ targetType: 'user', targetId: 't-7' })).rows.map((r) => r.data)).toEqual([{ i: 7 }]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await find({ from: today, to: today, action: 'item' })).rows).toHaveLength(40);
    expect((await find({ to: '2000-01-01' })).rows).toHaveLength(0);
  });

  it('shows a lead only the rows of their projects, and a labeler none', async () => {
    const asLead = await findAuditEvents({ viewer: { id: lead.id, role: 'LEAD' }, filters: {}, limit: 1000 });
    expect(new Set(asLead.rows.map((r) => r.projectId))).toEqual(new Set([P1]));
    expect((await findAuditEvents({ viewer: { id: lead.id, role: 'LEAD' }, filters: { project: P2 } })).rows).toHaveLength(0);
    expect((await findAuditEvents({ viewer: { id: labeler.id, role: 'LABELER' }, filters: {} })).rows).toHaveLength(0);
  });

  it('exports as CSV and JSON lines for admins and leads (their rows), refuses labelers and the signed-out', async () => {
    const get = async (user: { id: string } | null, query: string) => {
      const sv = user
        ? (await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } })).sessionVersion
        : 0;
      session.current = user ? { user: { id: user.id, sv } } : null;
      const response = await route.GET(new Request(`http://app.test/audit/export?${query}`));
      return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
    };
    const csv = await get(admin, `format=csv&project=${P1}&action=item.gold`);
    expect(csv.status).toBe(200);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,created_at,actor_email,actor_name,action,project_id,project,target_type,target_id,data');
    expect(lines).toHaveLength(41);
    expect(lines[1]).toContain(',item.gold.set,');
    const jsonl = await get(lead, 'format=jsonl');
    expect(jsonl.status).toBe(200);
    const objects = jsonl.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { projectId: string });
    expect(objects.length).toBeGreaterThanOrEqual(120);
    expect(new Set(objects.map((o) => o.projectId))).toEqual(new Set([P1]));
    expect((await get(labeler, 'format=csv')).status).toBe(403);
    expect((await get(null, 'format=csv')).status).toBe(401);
    expect(await get(admin, 'format=xml')).toMatchObject({ status: 400 });
    expect(await get(admin, 'format=csv&project=nope')).toMatchObject({ status: 400, body: expect.stringContaining('project') });
    expect(await auditCount(`action = 'audit.export' AND "actorId" = $1`, [lead.id])).toBe(1);
  });
});
