import { z } from 'zod';
import { ZEmail } from '@/lib/auth/schemas';

export const ZProjectId = z.uuid({ message: 'Unknown project' });

const count = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int({ message: `${label} must be a whole number` })
    .min(min, { message: `${label} must be at least ${min}` })
    .max(max, { message: `${label} must be at most ${max}` });

export const ZCreateProject = z
  .object({
    name: z.string().trim().min(1, { message: 'Name is required' }).max(120, { message: 'Name is too long' }),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .min(2, { message: 'Slug must be at least 2 characters' })
      .max(60, { message: 'Slug must be at most 60 characters' })
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'Use lowercase letters, digits and single dashes' }),
    guidelines: z.string().max(100_000, { message: 'Guidelines are too long (100,000 characters at most)' }).default(''),
    overlap: count('Overlap', 1, 50).default(3),
    minResponses: count('Minimum responses', 2, 9).default(2),
    maxResponses: count('Maximum responses', 2, 9).default(9),
  })
  .refine((p) => p.minResponses <= p.maxResponses, {
    message: 'Maximum responses must be at least the minimum',
    path: ['maxResponses'],
  });
export type TCreateProject = z.infer<typeof ZCreateProject>;

export const ZAddMember = z.object({ projectId: ZProjectId, email: ZEmail });
export type TAddMember = z.infer<typeof ZAddMember>;

export const ZRemoveMember = z.object({ projectId: ZProjectId, userId: z.uuid({ message: 'Unknown user' }) });
export type TRemoveMember = z.infer<typeof ZRemoveMember>;
