/**
 * First-run demo data: five accounts (one per role, two labelers) and the demo project with
 * its dozen prompts. Runs once per database: a marker row in app_settings records it.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_ASPECTS } from '../lib/aspects/schemas';
import { buildProject } from '../lib/builders/build-project';
import { buildUser } from '../lib/builders/build-user';
import { insertItems } from '../lib/builders/insert-items';
import type { TRole } from '../lib/auth/schemas';
import { DEMO_ITEMS, DEMO_PERTURB_SOURCES, DEMO_PERTURBATIONS, DEMO_PROFILES, DEMO_PROJECT } from './seed-data';
import { critiqueHash } from '../lib/import/write-perturbations';
import { changedSpan } from '../lib/perturb/changed-span';
import { seedStepsDemo } from './seed-steps';

export const DEMO_ACCOUNTS: { email: string; name: string; role: TRole; password: string }[] = [
  { email: 'admin@preflab.test', name: 'Ada Admin', role: 'ADMIN', password: 'preflab-admin' },
  { email: 'lead@preflab.test', name: 'Lee Lead', role: 'LEAD', password: 'preflab-lead' },
  { email: 'researcher@preflab.test', name: 'Rae Researcher', role: 'RESEARCHER', password: 'preflab-researcher' },
  { email: 'labeler1@preflab.test', name: 'Lou Labeler', role: 'LABELER', password: 'preflab-labeler1' },
  { email: 'labeler2@preflab.test', name: 'Kit Labeler', role: 'LABELER', password: 'preflab-labeler2' },
];

const MARKER = 'demo_seeded_at';

/** Seeds the demo once; returns false when this database was seeded before. */
export async function seedDemo(db: PrismaClient): Promise<boolean> {
  // Claim the marker first so two instances starting together seed once.
  const claimed = await db.$executeRaw`
    INSERT INTO app_settings (key, value, "updatedAt") VALUES (${MARKER}, ${new Date().toISOString()}, now())
    ON CONFLICT (key) DO NOTHING`;
  if (claimed === 0) return false;
  try {
    const users = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      // An earlier, interrupted seed may have created some accounts already.
      const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
      const user = existing ?? (await buildUser({ ...account, actorId: null }));
      users.set(account.email, user.id);
    }
    const lead = users.get('lead@preflab.test') ?? null;
    const project = await buildProject({
      actorId: lead,
      name: DEMO_PROJECT.name,
      slug: DEMO_PROJECT.slug,
      guidelines: DEMO_PROJECT.guidelines,
      overlap: DEMO_PROJECT.overlap,
      members: ['researcher@preflab.test', 'labeler1@preflab.test', 'labeler2@preflab.test'],
      // Issue 27: the demo asks for the three default aspects after each overall ranking.
      settings: { aspects: { enabled: true, list: DEFAULT_ASPECTS } },
    });
    for (const p of DEMO_PROFILES) {
      const userId = users.get(p.email);
      if (!userId) continue;
      await db.labelerProfile.upsert({
        where: { userId },
        create: { userId, region: p.region, expertise: p.expertise },
        update: {},
        select: { userId: true },
      });
      await db.labelerLanguage.createMany({ data: p.languages.map((l) => ({ userId, ...l })), skipDuplicates: true });
    }
    const item = (n: number) => DEMO_ITEMS[n - 1]!;
    await insertItems({
      projectId: project.id,
      count: DEMO_ITEMS.length,
      externalId: (n) => item(n).externalId,
      messages: (n) => item(n).messages,
      priority: (n) => item(n).priority ?? 0,
      responses: (n) => item(n).responses,
    });
    await db.$transaction(async (tx) => {
      // Critique-assisted evaluation (issue 8): marked sources and accepted perturbations with critiques of both texts.
      await tx.response.updateMany({
        where: { item: { projectId: project.id }, externalId: { in: DEMO_PERTURB_SOURCES } },
        data: { perturbSource: true },
      });
      for (const p of DEMO_PERTURBATIONS) {
        const source = await tx.response.findFirstOrThrow({
          where: { item: { projectId: project.id }, externalId: p.responseExternalId },
          select: { id: true, itemId: true, text: true },
        });
        const flawedText = source.text.replace(p.find, p.replace);
        const span = changedSpan(source.text, flawedText);
        if (!span) throw new Error(`demo perturbation of ${p.responseExternalId} changes nothing`);
        const created = await tx.perturbation.create({
          data: {
            projectId: project.id,
            itemId: source.itemId,
            responseId: source.id,
            authorId: users.get('labeler1@preflab.test') ?? null,
            flawedText,
            description: p.description,
            category: p.category,
            severity: p.severity,
            missableBecause: p.missableBecause,
            ...span,
            status: 'ACCEPTED',
            reviewedById: lead,
            reviewedAt: new Date(),
          },
          select: { id: true },
        });
        const critiques = [
          ...p.critiques.original.map((text) => ({ perturbationId: null, text })),
          ...p.critiques.flawed.map((text) => ({ perturbationId: created.id, text })),
        ];
        await tx.critique.createMany({
          data: critiques.map((c) => ({
            responseId: source.id,
            ...c,
            textHash: critiqueHash(c.perturbationId, c.text),
            modelId: 'critic-demo',
          })),
        });
      }
    });
    await seedStepsDemo({
      leadId: lead,
      labelerIds: [users.get('labeler1@preflab.test') ?? '', users.get('labeler2@preflab.test') ?? ''],
    });
    return true;
  } catch (error) {
    await db.appSetting.delete({ where: { key: MARKER } }).catch(() => undefined);
    throw error;
  }
}
