/*
 * The message catalogue check (issue 31, item 6), run by tests/unit/i18n-catalogue.test.ts in `npm test`:
 * every locale of LOCALES has its messages/<locale>.json; every locale has exactly English's keys (none
 * missing, none extra); every message parses as ICU and uses the same arguments (names and types) as
 * English; and every English key is used somewhere in the code.
 *
 * "Used" is read from the source with the TypeScript parser: a key Ns.a.b is used when a file calls
 * useTranslations/getTranslations with the namespace Ns (or Ns.a) and has the rest ('a.b', or 'b') as a
 * string literal, or a template literal whose fixed start the rest begins with (t(`nav.${key}`) uses
 * every nav.* key): a dynamic key must keep its fixed part in the code for the check to see it. A table
 * of keys used through a variable names its namespace as `namespace: 'Ns'` beside its keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isStructurallySame, parse } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import { LOCALES } from '@/lib/i18n/locales';

type Tree = { [key: string]: string | Tree };

export type CatalogueProblem = { locale: string; key?: string; problem: string };

/** Dotted key paths to their messages. A value that is neither a string nor an object is reported. */
export function flattenMessages(tree: Tree, prefix = '', bad: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of flattenMessages(value, full, bad)) out.set(k, v);
    else bad.push(full);
  }
  return out;
}

/** The problems of the catalogues: `catalogues` maps each locale to its parsed file (undefined: no file). */
export function checkCatalogues(options: {
  catalogues: Record<string, Tree | undefined>;
  reference: string;
  usedKeys?: (key: string) => boolean;
}): CatalogueProblem[] {
  const { catalogues, reference, usedKeys } = options;
  const problems: CatalogueProblem[] = [];
  const flat = new Map<string, Map<string, string>>();
  for (const [locale, tree] of Object.entries(catalogues)) {
    if (tree === undefined) {
      problems.push({ locale, problem: `messages/${locale}.json does not exist` });
      continue;
    }
    const bad: string[] = [];
    flat.set(locale, flattenMessages(tree, '', bad));
    for (const key of bad) problems.push({ locale, key, problem: 'is neither a message (string) nor a namespace (object)' });
  }
  const base = flat.get(reference);
  if (!base) return problems;
  const baseAst = new Map<string, ReturnType<typeof parse>>();
  for (const [locale, messages] of flat) {
    for (const [key, message] of messages) {
      let ast: ReturnType<typeof parse>;
      try {
        ast = parse(message, { ignoreTag: false, requiresOtherClause: true });
      } catch (error) {
        problems.push({ locale, key, problem: `does not parse as ICU: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      if (locale === reference) baseAst.set(key, ast);
    }
  }
  for (const [locale, messages] of flat) {
    if (locale === reference) continue;
    for (const key of base.keys()) if (!messages.has(key)) problems.push({ locale, key, problem: `is missing (${reference} has it)` });
    for (const [key, message] of messages) {
      if (!base.has(key)) {
        problems.push({ locale, key, problem: `is not in ${reference}: an unused key` });
        continue;
      }
      const english = baseAst.get(key);
      let ast: ReturnType<typeof parse> | null = null;
      try {
        ast = parse(message, { ignoreTag: false, requiresOtherClause: true });
      } catch {
        // reported above
      }
      if (english && ast) {
        const same = isStructurallySame(english, ast);
        if (!same.success) problems.push({ locale, key, problem: `uses other arguments than ${reference}: ${same.error?.message ?? ''}` });
      }
    }
  }
  if (usedKeys)
    for (const key of base.keys()) if (!usedKeys(key)) problems.push({ locale: reference, key, problem: 'is used nowhere in the code' });
  return problems;
}

const CALLS = new Set(['useTranslations', 'getTranslations']);

/** What one source file can use: the namespaces it asks for, its string literals, its template literals' fixed starts. */
export function scanSource(fileName: string, text: string): { namespaces: string[]; literals: Set<string>; prefixes: string[] } {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const namespaces: string[] = [];
  const literals = new Set<string>();
  const prefixes: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
    else if (ts.isTemplateExpression(node) && node.head.text) prefixes.push(node.head.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && CALLS.has(node.expression.text)) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) namespaces.push(arg.text);
    }
    // { namespace: 'X' }: getTranslations's options, or a table of keys naming its namespace (lib/i18n/server-errors.ts).
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'namespace' && ts.isStringLiteral(node.initializer)) {
      namespaces.push(node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { namespaces, literals, prefixes };
}

/** A predicate telling whether a dotted key is used by any of the scanned files. */
export function keyUsage(scans: ReturnType<typeof scanSource>[]): (key: string) => boolean {
  return (key) =>
    scans.some((scan) =>
      scan.namespaces.some((ns) => {
        if (!key.startsWith(`${ns}.`)) return false;
        const rest = key.slice(ns.length + 1);
        return scan.literals.has(rest) || scan.prefixes.some((p) => rest.startsWith(p));
      }),
    );
}

const SOURCE_DIRS = ['app', 'components', 'lib', 'i18n'];

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return out;
}

/** The problems of the repository's own catalogues (messages/*.json against the code in app/, components/, lib/, i18n/). */
export function checkRepositoryCatalogues(root: string): CatalogueProblem[] {
  const catalogues: Record<string, Tree | undefined> = {};
  for (const locale of LOCALES) {
    const file = path.join(root, 'messages', `${locale}.json`);
    catalogues[locale] = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Tree) : undefined;
  }
  const extra = fs
    .readdirSync(path.join(root, 'messages'))
    .filter((f) => f.endsWith('.json') && !(LOCALES as readonly string[]).includes(f.slice(0, -5)));
  const scans = sourceFiles(root).map((f) => scanSource(f, fs.readFileSync(f, 'utf8')));
  return [
    ...extra.map((f) => ({ locale: f.slice(0, -5), problem: `messages/${f} is not a locale of LOCALES (lib/i18n/locales.ts)` })),
    ...checkCatalogues({ catalogues, reference: 'en', usedKeys: keyUsage(scans) }),
  ];
}

/** One line per problem, for a failing test's message. */
export function describeProblems(problems: CatalogueProblem[]): string {
  return problems.map((p) => `${p.locale}${p.key ? ` ${p.key}` : ''}: ${p.problem}`).join('\n');
}
