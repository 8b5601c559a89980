import { z } from 'zod';
import { ZEmail, ZRole } from '@/lib/auth/schemas';
import { ZProjectId } from '@/lib/projects/schemas';

export const ZCreateInvite = z.object({
  projectId: ZProjectId,
  email: ZEmail,
  role: ZRole.default('LABELER'),
});
export type TCreateInvite = z.infer<typeof ZCreateInvite>;
