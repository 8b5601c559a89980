// Prints the import graph between lib domains (the first-level folders of lib/) and its cycles.
// Usage: npx tsx scripts/lint/domain-graph.ts [--values] [--json]
// Every import counts (type-only and dynamic ones too): a cycle in types is still two domains that
// cannot be understood, moved or tested one without the other.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { LIB_FLOORS, floorViolation, libPlace } from './lib-floors.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const libDir = path.join(root, 'lib');

/** The lib domain of a path inside lib/ ('auth' for lib/auth/session.ts), or null for a ground-floor file (lib/db.ts). */
export function domainOf(file: string): string | null {
  return libPlace(file)?.domain ?? null;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(entry.name) ? [full] : [];
  });
}

/** The file an import specifier names (without resolving the extension), or null for a package. */
function target(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return path.join(root, specifier.slice(2));
  if (specifier.startsWith('.')) return path.resolve(path.dirname(fromFile), specifier);
  return null;
}

/** The module specifiers a file imports or re-exports, statically or with import(), and whether only types come through. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export type DomainEdge = { from: string; to: string; files: string[] };

/** Every import from one lib domain into another, with the importing files (relative to the repository). */
export function findDomainEdges(options: { valuesOnly?: boolean } = {}): DomainEdge[] {
  const edges = new Map<string, DomainEdge>();
  for (const file of listFiles(libDir)) {
    const from = domainOf(file);
    if (!from) continue;
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (options.valuesOnly && (typeOnly || /\.test\.tsx?$/.test(file))) continue;
      const resolved = target(file, specifier);
      const to = resolved ? domainOf(resolved) : null;
      if (!to || to === from) continue;
      const key = `${from}→${to}`;
      const edge = edges.get(key) ?? { from, to, files: [] };
      const rel = path.relative(root, file);
      if (!edge.files.includes(rel)) edge.files.push(rel);
      edges.set(key, edge);
    }
  }
  return [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** Pairs of domains that import each other, and every longer cycle as its strongly connected component. */
export function findCycles(edges: DomainEdge[]): { pairs: [string, string][]; components: string[][] } {
  const has = new Set(edges.map((e) => `${e.from}→${e.to}`));
  const pairs = edges.filter((e) => e.from < e.to && has.has(`${e.to}→${e.from}`)).map((e): [string, string] => [e.from, e.to]);
  // Tarjan's strongly connected components: a component of two or more domains holds a cycle.
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return { pairs, components };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  // --values: leave out type-only imports and test files (how issue 22 first counted the cycles).
  const edges = findDomainEdges({ valuesOnly: process.argv.includes('--values') });
  const cycles = findCycles(edges);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ edges, cycles }, null, 2));
  } else {
    for (const e of edges) console.log(`${e.from} → ${e.to}  (${e.files.join(', ')})`);
    console.log(`\n${edges.length} edges; ${cycles.pairs.length} pairs import each other:`);
    for (const [a, b] of cycles.pairs) console.log(`  ${a} ↔ ${b}`);
    console.log(`${cycles.components.length} groups of domains in a cycle:`);
    for (const c of cycles.components) console.log(`  ${c.join(', ')}`);
    console.log('\nFloors, bottom to top (scripts/lint/lib-floors.mjs):');
    LIB_FLOORS.forEach((floor, i) => console.log(`  ${i + 1}. ${floor.name}: ${floor.domains.join(', ')}`));
    const upward = edges.filter((e) => floorViolation(path.join(root, e.files[0]!), `@/lib/${e.to}/x`));
    console.log(`${upward.length} imports against the floors${upward.length ? ':' : ''}`);
    for (const e of upward) console.log(`  ${e.from} → ${e.to}  (${e.files.join(', ')})`);
  }
}
