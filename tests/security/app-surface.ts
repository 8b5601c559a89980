/**
 * Everything app/ exposes, read from the file system: page files, route handler methods and
 * server action exports, with each action's opening statement (for the guard check).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The guards of lib/auth/session.ts that end a request when they refuse. */
export const SESSION_GUARDS = new Set(['requireUser', 'requireRole', 'requireProjectMember']);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(path.relative(ROOT, full).split(path.sep).join('/'));
  }
  return out.sort();
}

const parse = (file: string) =>
  ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a module exports, with the function node when it is a function declaration or a const arrow/function. */
function exportsOf(source: ts.SourceFile): { name: string; fn?: ts.FunctionLikeDeclaration }[] {
  const out: { name: string; fn?: ts.FunctionLikeDeclaration }[] = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name)
      out.push({ name: statement.name.text, fn: statement });
    else if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const init = d.initializer;
        out.push({ name: d.name.text, ...(init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? { fn: init } : {}) });
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const spec of statement.exportClause.elements) out.push({ name: spec.name.text });
    }
  }
  return out;
}

export const pageFiles = () => walk(path.join(ROOT, 'app')).filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f));

export function routeMethods(): { file: string; name: string }[] {
  return walk(path.join(ROOT, 'app'))
    .filter((f) => /\/route\.(ts|js)$/.test(f))
    .flatMap((file) =>
      exportsOf(parse(file))
        .filter((e) => HTTP_METHODS.has(e.name))
        .map((e) => ({ file, name: e.name })),
    );
}

export type ActionExport = { file: string; name: string; fn: ts.FunctionLikeDeclaration | undefined; source: ts.SourceFile };

/** Every export of every 'use server' module under app/ (each is a server action). */
export function serverActions(): ActionExport[] {
  return walk(path.join(ROOT, 'app'))
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((file) => ({ file, source: parse(file) }))
    .filter(({ source }) => {
      const first = source.statements[0];
      return (
        first !== undefined &&
        ts.isExpressionStatement(first) &&
        ts.isStringLiteral(first.expression) &&
        first.expression.text === 'use server'
      );
    })
    .flatMap(({ file, source }) => exportsOf(source).map((e) => ({ file, name: e.name, fn: e.fn, source })));
}

/** The name of the function a call expression calls (`await f(...)`, `f(...)`), or null. */
function calledName(expression: ts.Expression | undefined): string | null {
  let e = expression;
  if (e && ts.isAwaitExpression(e)) e = e.expression;
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return e.expression.text;
  return null;
}

/** A local helper that only reads its arguments and then returns a guard's result (e.g. requireLeadOf). */
function isGuardHelper(source: ts.SourceFile, name: string): boolean {
  const helper = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  const statements = helper?.body?.statements ?? [];
  const last = statements.at(-1);
  if (!last || !ts.isReturnStatement(last)) return false;
  const guard = calledName(last.expression);
  const before = statements.slice(0, -1);
  // Nothing before the guard may await or call anything that could act: plain declarations only.
  const calm = before.every((s) => ts.isVariableStatement(s) && !s.getText().includes('await'));
  return calm && guard !== null && SESSION_GUARDS.has(guard);
}

/**
 * Why the action's first statement is not a session guard, or null when it is: `await guard(...)`
 * (optionally assigned) where guard is requireUser/requireRole/requireProjectMember or a local
 * helper returning one.
 */
export function guardProblem(action: ActionExport): string | null {
  const body = action.fn?.body;
  if (!action.fn || !body || !ts.isBlock(body)) return 'is not a function declaration with a body';
  if (!(ts.getModifiers(action.fn) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return 'is not async';
  const first = body.statements[0];
  if (!first) return 'is empty';
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(first)) expression = first.expression;
  else if (ts.isVariableStatement(first) && first.declarationList.declarations.length === 1)
    expression = first.declarationList.declarations[0]?.initializer;
  if (!expression || !ts.isAwaitExpression(expression)) return `starts with \`${first.getText().slice(0, 80)}\`, not an awaited guard`;
  const name = calledName(expression);
  if (name && (SESSION_GUARDS.has(name) || isGuardHelper(action.source, name))) return null;
  return `starts by awaiting ${name ?? 'something'}(), which is not a guard of lib/auth/session.ts`;
}
