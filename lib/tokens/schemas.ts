import { z } from 'zod';
import { TOKEN_SCOPE_ALIASES, TOKEN_SCOPES } from '@/lib/auth/token-scopes';

export const ZTokenScope = z.preprocess(
  (value) => (typeof value === 'string' ? (TOKEN_SCOPE_ALIASES[value] ?? value) : value),
  z.enum(TOKEN_SCOPES, { message: `scope must be one of ${TOKEN_SCOPES.join(', ')}` }),
);

export const ZCreateApiToken = z.object({
  userId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZTokenScope).min(1, { message: 'at least one scope is required' }),
  projectId: z.uuid().optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** The account page's form. The token is always for the signed-in user: the server adds `userId`. */
export const ZCreateOwnApiToken = z.object({
  name: z
    .string({ message: 'Name is required' })
    .trim()
    .min(1, { message: 'Name is required' })
    .max(100, { message: 'Name is too long (100 characters at most)' }),
  // Checkboxes: absent when none is ticked, a string for one, an array for several.
  scopes: z.preprocess(
    (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
    z.array(ZTokenScope).min(1, { message: 'Choose at least one scope' }),
  ),
  projectId: z.preprocess(blankToUndefined, z.uuid({ message: 'Unknown project' }).optional()),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'Expiry must be a number of days' })
      .int({ message: 'Expiry must be a whole number of days' })
      .min(1, { message: 'Expiry must be at least 1 day' })
      .max(3650, { message: 'Expiry must be at most 3650 days' })
      .optional(),
  ),
});
export type TCreateOwnApiToken = z.infer<typeof ZCreateOwnApiToken>;

export const ZRevokeApiToken = z.object({ tokenId: z.uuid({ message: 'Unknown token' }) });
export type TRevokeApiToken = z.infer<typeof ZRevokeApiToken>;
