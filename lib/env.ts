import { z } from 'zod';

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable the app reads. README.md's configuration table mirrors this. */
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url({ message: 'must be a postgresql:// URL' }),
  NEXTAUTH_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(10),
  LOGIN_MAX_FAILURES_PER_IP: int(50),
  LOGIN_WINDOW_MINUTES: int(15),
  INVITE_TTL_HOURS: int(72),
  DB_POOL_SIZE: int(10),
  /** Read replicas for read-only work (lib/db.ts getReadPool): one postgresql:// URL, or several separated by commas. Unset: none. */
  DATABASE_READ_URL: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseReadUrls(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** A replica further behind the primary than this many seconds is not read from (the primary is). */
  DATABASE_READ_MAX_LAG_SECONDS: z.coerce.number().nonnegative().default(10),
  /**
   * `transaction` when DATABASE_URL is a transaction-mode pooler (PgBouncer): no prepared statement
   * is kept on a connection across transactions (lib/db.ts). Unset: a direct connection.
   */
  DATABASE_POOLER: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['transaction'], { message: 'must be transaction or unset' }).optional(),
  ),
  /** The primary itself, bypassing the pooler, for what needs a session (migrations); DATABASE_URL when unset. */
  DATABASE_DIRECT_URL: z.string().url({ message: 'must be a postgresql:// URL' }).optional(),
  /** Longest response text an import accepts, in characters. */
  IMPORT_MAX_RESPONSE_CHARS: int(200_000),
  /** Largest import file accepted over HTTP (upload page and API), in bytes (1 GiB). */
  IMPORT_MAX_BYTES: int(1_073_741_824),
  /** Public base URL (also read by next-auth); invite links use it when set. */
  NEXTAUTH_URL: z.string().url().optional(),
  /** Let webhooks reach loopback, private and link-local addresses (lib/webhooks/public-address.ts). Off by default. */
  WEBHOOK_ALLOW_PRIVATE_HOSTS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Let model connections reach loopback, private and link-local addresses (a vLLM or Ollama on this machine or network). Off by default. */
  MODEL_ALLOW_PRIVATE_HOSTS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Single sign-on (issue 30, lib/auth/oidc-config.ts parses and checks these): unset OIDC_ISSUER = no SSO. */
  OIDC_ISSUER: z.string().url({ message: 'must be the issuer URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(60).optional(),
  OIDC_SCOPES: z.string().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).optional(),
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_DEFAULT_ROLE: z.string().optional(),
  OIDC_ALLOWED_DOMAINS: z.string().optional(),
  /** Snapshot bytes in S3-compatible object storage (issue 29), e.g. s3://bucket/prefix?endpoint=…&region=…; unset = PostgreSQL chunks (lib/storage/parse-store-url.ts). */
  SNAPSHOT_STORE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().startsWith('s3://', { message: 'must be an s3:// URL' }).optional(),
  ),
  /** How a download of an object-stored snapshot is answered: streamed through the app, or a redirect to a presigned URL. */
  SNAPSHOT_DOWNLOAD: z.enum(['stream', 'presigned']).default('stream'),
});

export type Env = z.infer<typeof ZEnv>;

/** DATABASE_READ_URL's replicas: comma-separated postgres:// or postgresql:// URLs (blanks around commas ignored). */
export function parseReadUrls(value: string): string[] {
  const urls = value
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  urls.forEach((url, i) => {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new Error(`replica ${i + 1} of ${urls.length} is not a URL`);
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:')
      throw new Error(`replica ${i + 1} of ${urls.length} must be a postgresql:// URL`);
  });
  return urls;
}

let cached: Env | undefined;

/** The validated configuration; throws naming each bad variable. Read lazily so `next build` needs no database. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** Settings of `npm start` (scripts/start.ts) and the test runner, read before the app exists. */
const ZStartEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Migrations connect here when set (a session; DATABASE_URL may be a transaction-mode pooler). */
  DATABASE_DIRECT_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(32).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default('localhost'),
  PREFLAB_DATA_DIR: z.string().default('.data'),
  PREFLAB_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PREFLAB_SEED_DEMO: z.enum(['0', '1']).optional(),
});

export type StartEnv = z.infer<typeof ZStartEnv>;

export function getStartEnv(): StartEnv {
  const parsed = ZStartEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}
