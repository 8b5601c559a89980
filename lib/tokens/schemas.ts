import { z } from 'zod';

export const TOKEN_SCOPES = ['import', 'export', 'read'] as const;
export const ZTokenScope = z.enum(TOKEN_SCOPES, { message: `scope must be one of ${TOKEN_SCOPES.join(', ')}` });
export type TTokenScope = z.infer<typeof ZTokenScope>;

export const ZCreateApiToken = z.object({
  userId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZTokenScope).min(1, { message: 'at least one scope is required' }),
  projectId: z.uuid().optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;
