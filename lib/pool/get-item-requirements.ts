import { getDb } from '@/lib/db';
import type { TProficiency } from '@/lib/pool/schemas';

/** An item's own routing requirement (null when the item is not in the project). */
export async function getItemRequirements(options: {
  projectId: string;
  itemId: string;
}): Promise<{ requiredLanguage: string | null; requiredProficiency: TProficiency | null; requiredExpertise: string | null } | null> {
  return getDb().item.findFirst({
    where: { id: options.itemId, projectId: options.projectId },
    select: { requiredLanguage: true, requiredProficiency: true, requiredExpertise: true },
  });
}
