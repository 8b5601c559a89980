/**
 * Shared pieces of the fuzz suites (tests/integration/fuzz-*.test.ts): seeded fast-check runs,
 * hostile values, and a fingerprint of every table so a test can say "nothing was written".
 */
import fc from 'fast-check';
import { getPgPool } from '@/lib/db';

/** FUZZ_SEED=<n> replays a run; fast-check prints the seed and the shrunk counterexample on failure. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** Runs per target; FUZZ_RUNS raises it for a longer local run. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

export function fuzzOptions(runs: number = FUZZ_RUNS): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true, verbose: 1 };
}

/** Tables whose rows change on purpose while nothing is written: token use stamps, app settings, derived caches. */
const VOLATILE = new Set([
  '_prisma_migrations',
  'api_tokens',
  'app_settings',
  'item_stats',
  'item_flag_stats',
  'item_model_games',
  'judgment_stats',
  'my_quality_snapshots',
]);

/** Records of attempts, kept for refused ones too (each import's job row says how it ended); left out of the digest. */
const ATTEMPT_LOGS = new Set(['import_jobs']);

/** Rows that record an access rather than a write, like api_tokens' lastUsedAt: a token's first use of the day (issue 30). */
const ACCESS_RECORDS: Record<string, string> = { audit_events: `t.action <> 'token.use'` };

/** A digest of every row of every table (row counts for the volatile ones): equal digests mean nothing was written. */
export async function databaseFingerprint(): Promise<Record<string, string>> {
  const pool = getPgPool();
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (ATTEMPT_LOGS.has(name)) continue;
    const sql = VOLATILE.has(name)
      ? `SELECT count(*)::text AS v FROM "${name}"`
      : `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS v FROM "${name}" t` +
        (ACCESS_RECORDS[name] ? ` WHERE ${ACCESS_RECORDS[name]}` : '');
    out[name] = (await pool.query<{ v: string }>(sql)).rows[0]!.v;
  }
  return out;
}

/** Strings an attacker or a broken client sends. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '-1',
      '0',
      '1e309',
      'NaN',
      'null',
      'undefined',
      'true',
      '[]',
      '{}',
      '__proto__',
      '<script>alert(1)</script>',
      "'; DROP TABLE users; --",
      '../../etc/passwd',
      '%00',
      '\uFEFF',
      '\uD800',
    ),
    fc.integer({ min: 1_001, max: 300_000 }).map((n) => 'x'.repeat(n)),
    fc.uuid(),
  );

/** Any JSON value, sometimes absurdly deep or large. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 1_500 }).map((depth) => nest(depth)) },
    { weight: 1, arbitrary: fc.constantFrom(-1, -1e308, 1e308, 0.5, Number.MAX_SAFE_INTEGER + 2, -0) },
    { weight: 1, arbitrary: hostileString() },
    { weight: 1, arbitrary: fc.array(fc.constant('x'.repeat(1000)), { minLength: 100, maxLength: 400 }) },
  );

/** An array nested `depth` levels deep. */
export function nest(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Extra keys nobody asked for, including the ones that pollute prototypes when merged carelessly. */
export const unknownFields = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(
    fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'userId', 'id'),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
    hostileJson(),
    { maxKeys: 3 },
  );

/** A body that is not JSON at all. */
export const notJson = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('', '{', '{"a":', 'nul', '[1,2', "{'single': 1}", '\u0000\u0001'),
    fc.string({ maxLength: 60 }).filter((s) => !isJson(s)),
  );

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A value of `template` with one field replaced, removed or made hostile, plus unknown fields. */
export function mutated<T extends Record<string, unknown>>(template: T): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(template);
  return fc
    .record({
      key: fc.constantFrom(...keys),
      action: fc.constantFrom('replace', 'remove', 'wrap'),
      value: hostileJson(),
      extra: unknownFields(),
    })
    .map(({ key, action, value, extra }) => {
      const out: Record<string, unknown> = { ...template };
      if (action === 'remove') delete out[key];
      else if (action === 'wrap') out[key] = [template[key], value];
      else out[key] = value;
      // Extra keys as own properties (a "__proto__" key too), the way JSON.parse makes them.
      const merged = JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
      for (const [k, v] of Object.entries(extra))
        Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true, configurable: true });
      return merged;
    });
}

/** The generic answer to an unexpected error (a 500 in disguise): must never be what a bad input gets. */
export const INTERNAL_ERROR = /Something went wrong on our side/;

/**
 * What the storable-input rule refuses (issue 21 item 2; lib/validation/find-unstorable-value.ts):
 * NUL, unpaired surrogates, nesting thousands deep, non-finite numbers. `form`: can reach a form
 * action (FormData turns an unpaired surrogate into U+FFFD, and form fields are strings).
 */
const DEEP_DEPTH = 5_000;
const DEEP = nest(DEEP_DEPTH);

export const UNSTORABLE: { name: string; value: unknown; form: boolean }[] = [
  { name: 'NUL', value: 'before\u0000after', form: true },
  { name: 'unpaired high surrogate', value: 'half \uD83D', form: false },
  { name: 'unpaired low surrogate', value: '\uDE00 half', form: false },
  { name: 'JSON nested 5,000 deep', value: DEEP, form: false },
  { name: '1e400', value: Number.POSITIVE_INFINITY, form: false },
  { name: '-1e400', value: Number.NEGATIVE_INFINITY, form: false },
];

/** The path of every field of `value`, containers and leaves, nested objects and arrays included. */
export function fieldPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** A deep copy of `value` with the field at `path` replaced by `replacement`. */
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, replacement) };
}

/**
 * JSON text as a client can send it: non-finite numbers written as 1e400 / -1e400 (JSON.stringify
 * would write null), and the deep value of UNSTORABLE spliced in as text (stringifying it would
 * exhaust this process's stack, which is not what is being tested).
 */
export function jsonText(value: unknown): string {
  const marks: Record<string, string> = {
    '"__OVERFLOW__"': '1e400',
    '"__UNDERFLOW__"': '-1e400',
    '"__DEEP__"': `${'['.repeat(DEEP_DEPTH)}${']'.repeat(DEEP_DEPTH)}`,
  };
  const text = JSON.stringify(value, (_key, v: unknown) =>
    v === Number.POSITIVE_INFINITY ? '__OVERFLOW__' : v === Number.NEGATIVE_INFINITY ? '__UNDERFLOW__' : v === DEEP ? '__DEEP__' : v,
  );
  return text.replace(/"__(OVERFLOW|UNDERFLOW|DEEP)__"/g, (mark) => marks[mark]!);
}

/** Every (field, unstorable value) pair of a template, with a readable label. */
export function unstorableVariants(
  template: unknown,
  options: { formOnly?: boolean } = {},
): { label: string; path: (string | number)[]; value: unknown }[] {
  return fieldPaths(template).flatMap((path) =>
    UNSTORABLE.filter((u) => !options.formOnly || u.form).map((u) => ({
      label: `${path.join('.')} = ${u.name}`,
      path,
      value: replaceAt(template, path, u.value),
    })),
  );
}
