// What a machine API token looks like and what it may do: shared by lib/tokens (which creates
// tokens) and lib/auth/api-token.ts (which checks them), so it lives on the lower floor, in auth.

/** Every API token starts with it; a bearer value without it is refused before any lookup. */
export const API_TOKEN_PREFIX = 'pl_';

export const TOKEN_SCOPES = ['import', 'export', 'read'] as const;
export type TTokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * The spellings of the scopes. Both are accepted wherever a scope is given and stored as
 * the short name; a token row holding either spelling (written by hand) passes the check too.
 */
export const TOKEN_SCOPE_ALIASES: Record<string, TTokenScope> = { 'import:write': 'import', 'export:read': 'export' };

/** True when `scopes` grant `scope`, in either spelling. */
export function hasTokenScope(scopes: string[], scope: TTokenScope): boolean {
  return scopes.some((s) => (TOKEN_SCOPE_ALIASES[s] ?? s) === scope);
}
