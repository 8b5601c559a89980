import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import type { TPoolSettings, TProficiency } from '@/lib/pool/schemas';

export type PoolSettings = Omit<TPoolSettings, 'projectId'> & { requiredProficiency: TProficiency | null };

export const DEFAULT_POOL_SETTINGS: PoolSettings = {
  requiredLanguage: null,
  requiredProficiency: null,
  requiredExpertise: null,
  minGroupSize: 5,
  speedFloorSeconds: 8,
  exportGroupAttributes: false,
};

/** The project's pool settings, the defaults when it has no row. */
export async function getPoolSettings(options: { projectId: string }): Promise<PoolSettings> {
  const row = await getDb().projectPoolSettings.findUnique({
    where: { projectId: options.projectId },
    select: {
      requiredLanguage: true,
      requiredProficiency: true,
      requiredExpertise: true,
      minGroupSize: true,
      speedFloorSeconds: true,
      exportGroupAttributes: true,
    },
  });
  return row ?? DEFAULT_POOL_SETTINGS;
}

/** Saves the project's pool settings; audited, with the export opt-in's change named (it changes what leaves the app). */
export async function updatePoolSettings(options: { actorId: string; input: TPoolSettings }): Promise<void> {
  const { actorId, input } = options;
  const { projectId, ...settings } = input;
  await getDb().$transaction(async (tx) => {
    const before = await tx.projectPoolSettings.findUnique({ where: { projectId }, select: { exportGroupAttributes: true } });
    await tx.projectPoolSettings.upsert({
      where: { projectId },
      create: { projectId, ...settings },
      update: settings,
      select: { projectId: true },
    });
    const exportChanged = (before?.exportGroupAttributes ?? false) !== settings.exportGroupAttributes;
    await recordAuditEvent(tx, {
      actorId,
      action: 'project.pool_settings.update',
      projectId,
      targetType: 'project',
      targetId: projectId,
      data: { ...settings, ...(exportChanged ? { exportGroupAttributesChanged: true } : {}) },
    });
  });
}
