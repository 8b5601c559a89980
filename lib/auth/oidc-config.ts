import { ROLES, type TRole } from '@/lib/auth/schemas';
import { getEnv, type Env } from '@/lib/env';

/** next-auth's id of the single sign-on provider: its callback is /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';

export type RoleRule = { group: string; role: TRole };

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button says "Sign in with <name>". */
  name: string;
  scopes: string;
  /** The claim holding the groups (a dotted path reaches into objects, e.g. realm_access.roles); null: no groups read. */
  roleClaim: string | null;
  /** Null when OIDC_ROLE_MAP is unset or empty: roles are then managed in the app (new accounts get defaultRole). */
  roleMap: RoleRule[] | null;
  defaultRole: TRole;
  /** Lower-cased email domains allowed to sign in; null: any. */
  allowedDomains: string[] | null;
};

const SEPARATORS = /[,;\n]/;

/**
 * Parses OIDC_ROLE_MAP: `group=ROLE` entries separated by commas, semicolons or new lines, in
 * priority order (the first entry whose group the user has wins). The role is the text after the
 * last `=`, so a group name may itself contain `=`. Throws naming the bad entry.
 */
export function parseRoleMap(text: string): RoleRule[] {
  const rules: RoleRule[] = [];
  for (const [index, raw] of text.split(SEPARATORS).entries()) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.lastIndexOf('=');
    const group = eq > 0 ? entry.slice(0, eq).trim() : '';
    const role =
      eq > 0
        ? entry
            .slice(eq + 1)
            .trim()
            .toUpperCase()
        : '';
    if (!group || !role) throw new Error(`entry ${index + 1} ("${entry}") is not group=ROLE`);
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new Error(`entry ${index + 1} ("${entry}"): role must be one of ${ROLES.join(', ')}`);
    }
    if (rules.some((r) => r.group === group)) throw new Error(`entry ${index + 1}: group "${group}" is mapped twice`);
    rules.push({ group, role: role as TRole });
  }
  return rules;
}

/** The role for a user with `groups`: the role of the first rule (in map order) naming one of them, else the default. */
export function resolveRole(options: { groups: readonly string[]; roleMap: readonly RoleRule[]; defaultRole: TRole }): {
  role: TRole;
  group: string | null;
} {
  const held = new Set(options.groups);
  const rule = options.roleMap.find((r) => held.has(r.group));
  return rule ? { role: rule.role, group: rule.group } : { role: options.defaultRole, group: null };
}

/**
 * The groups in the claim named `claim`: a list of strings (Okta, Entra ID, Keycloak), a single
 * string (one group), or absent (none). A dotted name is followed into objects when no claim has
 * the whole name (Keycloak's realm roles: `realm_access.roles`).
 */
export function claimGroups(claims: Record<string, unknown>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) {
    value = claim
      .split('.')
      .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), claims);
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** True when `email`'s domain is one of `allowed` (any domain when allowed is null). */
export function emailDomainAllowed(email: string, allowed: readonly string[] | null): boolean {
  if (!allowed) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowed.includes(domain);
}

/** The single sign-on configuration from OIDC_* variables (null when OIDC_ISSUER is unset); throws naming a bad variable. */
export function oidcConfigFrom(env: Partial<Pick<Env, Extract<keyof Env, `OIDC_${string}`>>>): OidcConfig | null {
  if (!env.OIDC_ISSUER) return null;
  const bad = (name: string, reason: string) => new Error(`Invalid environment: ${name}: ${reason}`);
  if (!env.OIDC_CLIENT_ID) throw bad('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set');
  if (!env.OIDC_CLIENT_SECRET) throw bad('OIDC_CLIENT_SECRET', 'required when OIDC_ISSUER is set');
  const defaultRole = (env.OIDC_DEFAULT_ROLE?.trim() || 'LABELER').toUpperCase();
  if (!(ROLES as readonly string[]).includes(defaultRole)) throw bad('OIDC_DEFAULT_ROLE', `must be one of ${ROLES.join(', ')}`);
  let roleMap: RoleRule[] | null = null;
  try {
    const rules = parseRoleMap(env.OIDC_ROLE_MAP ?? '');
    roleMap = rules.length ? rules : null;
  } catch (error) {
    throw bad('OIDC_ROLE_MAP', (error as Error).message);
  }
  const roleClaim = env.OIDC_ROLE_CLAIM?.trim() || (roleMap ? 'groups' : null);
  const domains = (env.OIDC_ALLOWED_DOMAINS ?? '')
    .split(SEPARATORS)
    .map((d) => d.trim().replace(/^@/, '').toLowerCase())
    .filter(Boolean);
  return {
    issuer: env.OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    name: env.OIDC_NAME?.trim() || 'single sign-on',
    scopes: env.OIDC_SCOPES?.trim() || 'openid email profile',
    roleClaim,
    roleMap,
    defaultRole: defaultRole as TRole,
    allowedDomains: domains.length ? domains : null,
  };
}

let cached: { config: OidcConfig | null } | undefined;

/** This process's single sign-on configuration, or null when single sign-on is not configured. */
export function getOidcConfig(): OidcConfig | null {
  cached ??= { config: oidcConfigFrom(getEnv()) };
  return cached.config;
}
