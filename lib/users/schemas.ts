import { z } from 'zod';
import { ZEmail, ZPassword, ZRole } from '@/lib/auth/schemas';

export const ZUserName = z.string().trim().min(1, { message: 'Name is required' }).max(100, { message: 'Name is too long' });

export const ZCreateUser = z.object({
  email: ZEmail,
  name: ZUserName,
  role: ZRole,
  /** Optional: a user without a password cannot sign in until one is set (CLI, invite). */
  password: ZPassword.optional(),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUserId = z.uuid({ message: 'Unknown user' });

export const ZSetUserRole = z.object({ userId: ZUserId, role: ZRole });
export type TSetUserRole = z.infer<typeof ZSetUserRole>;

export const ZSetUserActive = z.object({
  userId: ZUserId,
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .or(z.boolean()),
});
export type TSetUserActive = z.infer<typeof ZSetUserActive>;
