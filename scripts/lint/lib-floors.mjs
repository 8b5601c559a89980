// The floors of lib/ (issue 22): every first-level folder of lib/ is a domain on one floor, and a
// domain imports only its own files, domains on floors below it and the ground floor (the files
// lib/*.ts). No two domains can then import each other, directly or round a longer loop. A piece two
// domains share goes down to the lower one (or to a new domain below both), never sideways.
// docs/architecture.md, "Lib domains and floors", says what each floor holds.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const libDir = path.join(root, 'lib');

/** Bottom to top. Domains on one floor do not import each other. */
export const LIB_FLOORS = [
  { name: 'foundations', domains: ['aspects', 'audit', 'diff', 'i18n', 'jobs', 'security', 'stats', 'storage', 'validation'] },
  { name: 'identity', domains: ['auth'] },
  { name: 'projects and plumbing', domains: ['http', 'projects', 'tokens', 'webhooks'] },
  { name: 'project setup', domains: ['invites', 'models', 'taxonomy'] },
  { name: 'judgments and the numbers kept from them', domains: ['health', 'judgments'] },
  { name: 'items; the arena analysis (pure: pair selection, leaderboard, battle rows)', domains: ['items', 'arena'] },
  { name: 'labeler pool and routing', domains: ['pool'] },
  { name: "the task kinds' own domains", domains: ['chat', 'demonstrations', 'detect', 'perturb', 'steps'] },
  { name: 'task engine and its kinds', domains: ['tasks'] },
  { name: 'accounts (deactivation releases tasks)', domains: ['users'] },
  { name: 'crowd-platform study links (participant accounts, quota and screening over the pool and the engine)', domains: ['study'] },
  { name: 'AI judge (its labels and figures, apart from human ones)', domains: ['judge'] },
  { name: 'dashboard, forms, import and worklog', domains: ['dashboard', 'forms', 'import', 'worklog', 'labeler-api'] },
  { name: 'model generation (makes items and critiques as import does)', domains: ['generation'] },
  { name: 'assistance while labeling (calls models within the limits generation keeps)', domains: ['assist'] },
  { name: 'export', domains: ['export'] },
  { name: 'test data (nothing in the app imports it: eslint.config.mjs)', domains: ['builders'] },
];

const floorOf = new Map(LIB_FLOORS.flatMap((floor, i) => floor.domains.map((domain) => [domain, i + 1])));

/**
 * Where a path inside lib/ stands: `{ domain }` for a file in a domain folder (or the folder itself),
 * `{ ground: true }` for a top-level file such as lib/db.ts, null outside lib/.
 */
export function libPlace(file) {
  const rel = path.relative(libDir, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (parts.length > 1) return { domain: parts[0] };
  // '@/lib/db' names a ground-floor file without its extension; '@/lib/auth' would name a domain's folder.
  return fs.statSync(path.join(libDir, parts[0]), { throwIfNoEntry: false })?.isDirectory() ? { domain: parts[0] } : { ground: true };
}

/** The file an import specifier names, or null for a package. */
function importTarget(fromFile, specifier) {
  if (specifier.startsWith('@/')) return path.join(root, specifier.slice(2));
  if (specifier.startsWith('.')) return path.resolve(path.dirname(fromFile), specifier);
  return null;
}

const describe = (domain) =>
  floorOf.has(domain) ? `lib/${domain} (floor ${floorOf.get(domain)}, ${LIB_FLOORS[floorOf.get(domain) - 1].name})` : `lib/${domain}`;

/**
 * Why `fromFile` may not import `specifier` (a sentence naming both sides), or null when it may.
 * Shared by the ESLint rule and scripts/lint/domain-graph.ts.
 */
export function floorViolation(fromFile, specifier) {
  const from = libPlace(fromFile);
  const toFile = importTarget(fromFile, specifier);
  const to = toFile ? libPlace(toFile) : null;
  if (!from || !to || to.ground) return null;
  if (from.ground) return `lib/${path.basename(fromFile)} is on the ground floor and must not import ${describe(to.domain)}.`;
  if (from.domain === to.domain) return null;
  for (const domain of [from.domain, to.domain]) {
    if (!floorOf.has(domain)) return `lib/${domain} is on no floor: add it to LIB_FLOORS in scripts/lint/lib-floors.mjs.`;
  }
  if (floorOf.get(to.domain) < floorOf.get(from.domain)) return null;
  const where = floorOf.get(to.domain) === floorOf.get(from.domain) ? 'on the same floor' : 'on a higher floor';
  return `${describe(from.domain)} must not import ${describe(to.domain)}, ${where}: move the piece both need down a floor.`;
}

/** ESLint rule: every import, re-export, import() and import('…') type of a lib file obeys the floors. */
export const libFloorsRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { floor: '{{reason}} (lib floors: docs/architecture.md, "Lib domains and floors")' },
  },
  create(context) {
    const file = context.filename;
    if (!libPlace(file)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const reason = floorViolation(file, source);
      if (reason) context.report({ node, messageId: 'floor', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => check(node, node.source?.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      TSImportType: (node) => check(node, node.source?.value),
    };
  },
};
