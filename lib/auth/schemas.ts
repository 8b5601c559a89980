import { z } from 'zod';

export const ROLES = ['ADMIN', 'LEAD', 'RESEARCHER', 'LABELER'] as const;
export const ZRole = z.enum(ROLES, { message: 'must be one of ADMIN, LEAD, RESEARCHER, LABELER' });
export type TRole = z.infer<typeof ZRole>;

export const ZEmail = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .min(1, { message: 'Email is required' })
  .max(254, { message: 'Email is too long' })
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const ZPassword = z
  .string({ message: 'Password is required' })
  .min(10, { message: 'Password must be at least 10 characters' })
  .max(200, { message: 'Password must be at most 200 characters' });

export const ZSignIn = z.object({
  email: ZEmail,
  // Any length is accepted at sign-in (old accounts may predate the policy); the hash decides.
  password: z.string().min(1, { message: 'Password is required' }).max(1000),
});
export type TSignIn = z.infer<typeof ZSignIn>;

export const ZAcceptInvite = z
  .object({
    token: z.string().min(20).max(200),
    name: z.string().trim().min(1, { message: 'Name is required' }).max(100, { message: 'Name is too long' }),
    password: ZPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: 'Passwords do not match', path: ['confirm'] });
export type TAcceptInvite = z.infer<typeof ZAcceptInvite>;
