/**
 * Projects and memberships against a real PostgreSQL: createProject, addMember, removeMember,
 * findProjects (who sees what) and findMembers, with their audit rows.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { refusal } from '../helpers/refusal';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { addMember } from '@/lib/projects/add-member';
import { createProject } from '@/lib/projects/create-project';
import { findMembers } from '@/lib/projects/find-members';
import { findProjects } from '@/lib/projects/find-projects';
import { getMemberProject } from '@/lib/auth/get-member-project';
import { removeMember } from '@/lib/projects/remove-member';
import { ZAddMember, ZCreateProject } from '@/lib/projects/schemas';
import { raceBehindLock } from '../helpers/race-behind-lock';

const uniqueSlug = () => `p-${randomUUID().slice(0, 13)}`;

function newProject(actorId: string | null, input: Record<string, unknown> = {}) {
  return createProject({ actorId, input: ZCreateProject.parse({ name: 'Helpfulness', slug: uniqueSlug(), ...input }) });
}

const memberIds = async (projectId: string) =>
  (await getDb().membership.findMany({ where: { projectId }, select: { userId: true } })).map((m) => m.userId).sort();

const projectAudit = (projectId: string) =>
  getDb().auditEvent.findMany({
    where: { projectId },
    orderBy: { id: 'asc' },
    select: { actorId: true, action: true, targetType: true, targetId: true, data: true },
  });

describe('createProject', () => {
  it('creates the project with its creator as first member and audits it', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const slug = uniqueSlug();

    const project = await createProject({
      actorId: lead.id,
      input: ZCreateProject.parse({ name: ' Harmlessness ', slug: slug.toUpperCase(), overlap: '5' }),
    });

    expect(project).toEqual({ id: expect.any(String), slug, name: 'Harmlessness', overlap: 5 });
    const row = await getDb().project.findUniqueOrThrow({
      where: { id: project.id },
      select: { slug: true, createdById: true, minResponses: true, maxResponses: true },
    });
    expect(row).toEqual({ slug, createdById: lead.id, minResponses: 2, maxResponses: 9 });
    expect(await memberIds(project.id)).toEqual([lead.id]);
    expect(await projectAudit(project.id)).toEqual([
      { actorId: lead.id, action: 'project.create', targetType: 'project', targetId: project.id, data: { slug, overlap: 5 } },
    ]);
  });

  it('creates a project with no members when the operator (no actor) creates it', async () => {
    const project = await buildProject({ name: 'Helpfulness' });

    expect(await memberIds(project.id)).toEqual([]);
    expect(await getDb().project.findUniqueOrThrow({ where: { id: project.id }, select: { createdById: true } })).toEqual({
      createdById: null,
    });
    expect((await projectAudit(project.id)).map((e) => [e.actorId, e.action])).toEqual([[null, 'project.create']]);
  });

  it('refuses a taken slug with CONFLICT on the slug field and leaves one project', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const slug = uniqueSlug();
    const first = await newProject(lead.id, { slug });

    const error = await refusal(newProject(lead.id, { slug: slug.toUpperCase(), name: 'Second' }));

    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors).toEqual({ slug: [expect.any(String)] });
    expect(await getDb().project.findMany({ where: { slug }, select: { id: true, name: true } })).toEqual([
      { id: first.id, name: 'Helpfulness' },
    ]);
    expect(await getDb().auditEvent.count({ where: { action: 'project.create', data: { path: ['slug'], equals: slug } } })).toBe(1);
  });
  it('refuses with CONFLICT on the slug field when the same slug is committed while the create is in flight', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const slug = uniqueSlug();
    // The other insert is uncommitted when createProject looks for the slug, so only the unique index can catch it.
    const insertOther = { sql: `INSERT INTO projects (slug, name, "updatedAt") VALUES ($1, 'Other tab', now())`, values: [slug] };

    const [result] = await raceBehindLock(insertOther, 1, () => [newProject(lead.id, { slug })]);

    expect(result?.status).toBe('rejected');
    const reason: unknown = result?.status === 'rejected' ? result.reason : undefined;
    expect(reason).toMatchObject({ code: 'CONFLICT', fieldErrors: { slug: [expect.any(String)] } });
    expect(reason).toBeInstanceOf(AppError);
    expect(await getDb().project.findMany({ where: { slug }, select: { name: true } })).toEqual([{ name: 'Other tab' }]);
    expect(await getDb().membership.count({ where: { userId: lead.id } })).toBe(0);
  });
});

describe('addMember and removeMember', () => {
  it('adds an existing account by email (any case) and audits it', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });

    const result = await addMember({
      actorId: lead.id,
      input: ZAddMember.parse({ projectId: project.id, email: labeler.email.toUpperCase() }),
    });

    expect(result).toEqual({ membershipId: expect.any(String), userId: labeler.id, added: true });
    expect(await memberIds(project.id)).toEqual([lead.id, labeler.id].sort());
    expect((await projectAudit(project.id)).filter((e) => e.action === 'project.member.add')).toEqual([
      { actorId: lead.id, action: 'project.member.add', targetType: 'user', targetId: labeler.id, data: { email: labeler.email } },
    ]);
  });

  it('is idempotent: adding a member twice keeps one membership and audits one addition', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });
    const input = ZAddMember.parse({ projectId: project.id, email: labeler.email });

    const first = await addMember({ actorId: lead.id, input });
    const second = await addMember({ actorId: lead.id, input });

    expect(first.added).toBe(true);
    expect(second).toEqual({ ...first, added: false });
    expect(await getDb().membership.count({ where: { projectId: project.id, userId: labeler.id } })).toBe(1);
    expect((await projectAudit(project.id)).filter((e) => e.action === 'project.member.add')).toHaveLength(1);
  });

  it('refuses an unknown email with NOT_FOUND on the email field, and an unknown project with NOT_FOUND', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });

    const unknownEmail = await refusal(
      addMember({ actorId: lead.id, input: { projectId: project.id, email: `nobody-${randomUUID()}@example.com` } }),
    );
    const unknownProject = await refusal(addMember({ actorId: lead.id, input: { projectId: randomUUID(), email: labeler.email } }));

    expect(unknownEmail.code).toBe('NOT_FOUND');
    expect(unknownEmail.fieldErrors).toEqual({ email: [expect.any(String)] });
    expect(unknownProject.code).toBe('NOT_FOUND');
    expect(await memberIds(project.id)).toEqual([lead.id]);
    expect(await getDb().membership.count({ where: { userId: labeler.id } })).toBe(0);
    expect((await projectAudit(project.id)).map((e) => e.action)).toEqual(['project.create']);
  });

  it('removes a member and audits it once; removing again reports nothing removed and writes no audit row', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });
    await addMember({ actorId: lead.id, input: { projectId: project.id, email: labeler.email } });

    expect(await removeMember({ actorId: lead.id, input: { projectId: project.id, userId: labeler.id } })).toEqual({ removed: true });
    expect(await removeMember({ actorId: lead.id, input: { projectId: project.id, userId: labeler.id } })).toEqual({ removed: false });

    expect(await memberIds(project.id)).toEqual([lead.id]);
    expect((await projectAudit(project.id)).filter((e) => e.action === 'project.member.remove')).toEqual([
      { actorId: lead.id, action: 'project.member.remove', targetType: 'user', targetId: labeler.id, data: {} },
    ]);
  });

  it('refuses to remove an excluded member, whose labels would count again, and removes nothing', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });
    await addMember({ actorId: lead.id, input: { projectId: project.id, email: labeler.email } });
    await getDb().membership.update({
      where: { projectId_userId: { projectId: project.id, userId: labeler.id } },
      data: { excluded: true },
    });

    const refused = await refusal(removeMember({ actorId: lead.id, input: { projectId: project.id, userId: labeler.id } }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/labels are excluded.*count those labels again/);
    expect((await memberIds(project.id)).sort()).toEqual([lead.id, labeler.id].sort());
    expect((await projectAudit(project.id)).filter((e) => e.action === 'project.member.remove')).toEqual([]);
  });

  it('removes only the membership in the given project', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const [kept, left] = [
      await buildProject({ name: 'Helpfulness', actorId: lead.id }),
      await buildProject({ name: 'Helpfulness', actorId: lead.id }),
    ];
    for (const p of [kept, left]) await addMember({ actorId: lead.id, input: { projectId: p.id, email: labeler.email } });

    await removeMember({ actorId: lead.id, input: { projectId: left.id, userId: labeler.id } });

    expect(await memberIds(kept.id)).toEqual([lead.id, labeler.id].sort());
    expect(await memberIds(left.id)).toEqual([lead.id]);
  });
});

describe('findProjects and findMembers', () => {
  it('shows a labeler only the projects they are a member of, and an admin every unarchived project', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const admin = await buildUser({ role: 'ADMIN', name: 'A ADMIN', password: null });
    const joined = await buildProject({ name: 'Joined', actorId: lead.id });
    const other = await buildProject({ name: 'Other', actorId: lead.id });
    const archived = await buildProject({ name: 'Archived', actorId: lead.id });
    for (const p of [joined, archived]) await addMember({ actorId: lead.id, input: { projectId: p.id, email: labeler.email } });
    await getDb().project.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });

    const labelerSees = await findProjects({ user: { id: labeler.id, role: 'LABELER' } });
    const adminSees = await findProjects({ user: { id: admin.id, role: 'ADMIN' } });
    const leadSees = await findProjects({ user: { id: lead.id, role: 'LEAD' } });

    expect(labelerSees.map((p) => p.id)).toEqual([joined.id]);
    expect(labelerSees[0]).toMatchObject({ name: 'Joined', _count: { items: 0, memberships: 2 } });
    const adminIds = adminSees.map((p) => p.id);
    expect(adminIds).toEqual(expect.arrayContaining([joined.id, other.id]));
    expect(adminIds).not.toContain(archived.id);
    expect(await getDb().membership.count({ where: { userId: admin.id } })).toBe(0);
    expect(leadSees.map((p) => p.id)).toEqual([other.id, joined.id]);
  });

  it('gives a user with no memberships no projects, whatever non-admin role they have', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    await buildProject({ name: 'Helpfulness', actorId: lead.id });
    for (const role of ['LEAD', 'RESEARCHER', 'LABELER'] as const) {
      const outsider = await buildUser({ role, name: `A ${role}`, password: null });
      expect(await findProjects({ user: { id: outsider.id, role } })).toEqual([]);
    }
  });

  it("lists a project's members in joining order with their account state, and no password hashes", async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const labeler = await buildUser({ role: 'LABELER', name: 'A LABELER', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });
    await addMember({ actorId: lead.id, input: { projectId: project.id, email: labeler.email } });
    await getDb().user.update({ where: { id: labeler.id }, data: { active: false } });

    const members = await findMembers({ projectId: project.id });

    expect(members.map(({ paused, user }) => ({ paused, user }))).toEqual([
      { paused: false, user: { id: lead.id, email: lead.email, name: 'A LEAD', role: 'LEAD', active: true } },
      { paused: false, user: { id: labeler.id, email: labeler.email, name: 'A LABELER', role: 'LABELER', active: false } },
    ]);
  });
});

describe('getMemberProject', () => {
  it('finds the project for its members and for admins only; other and malformed ids are null', async () => {
    const lead = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const outsider = await buildUser({ role: 'LEAD', name: 'A LEAD', password: null });
    const admin = await buildUser({ role: 'ADMIN', name: 'A ADMIN', password: null });
    const project = await buildProject({ name: 'Helpfulness', actorId: lead.id });

    expect(await getMemberProject({ user: lead, projectId: project.id })).toMatchObject({ id: project.id, slug: project.slug });
    expect(await getMemberProject({ user: admin, projectId: project.id })).toMatchObject({ id: project.id });
    expect(await getMemberProject({ user: outsider, projectId: project.id })).toBeNull();
    expect(await getMemberProject({ user: admin, projectId: randomUUID() })).toBeNull();
    for (const malformed of ['not-a-uuid', '-'.repeat(36), `${project.id}x`])
      expect(await getMemberProject({ user: admin, projectId: malformed })).toBeNull();
  });
});
