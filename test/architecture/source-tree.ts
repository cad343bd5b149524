// The app's sources as TypeScript syntax trees: structural rules are checked on what the code is
// (imports, calls, arguments), not on how its text happens to be spelled.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..');

export interface Source {
  /** Path from the repository root, with forward slashes. */
  path: string;
  tree: ts.SourceFile;
}

export function sourcesUnder(dir: string): Source[] {
  const found: Source[] = [];
  const walk = (absolute: string) => {
    for (const name of readdirSync(absolute)) {
      const child = join(absolute, name);
      if (statSync(child).isDirectory()) walk(child);
      else if (name.endsWith('.ts') || name.endsWith('.tsx')) found.push(source(child));
    }
  };
  walk(join(ROOT, dir));
  return found;
}

export function source(path: string): Source {
  const absolute = resolve(ROOT, path);
  const text = readFileSync(absolute, 'utf8');
  return {
    path: relative(ROOT, absolute).split('\\').join('/'),
    tree: ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true),
  };
}

function descendants(node: ts.Node): ts.Node[] {
  const all: ts.Node[] = [];
  const visit = (child: ts.Node) => {
    all.push(child);
    child.forEachChild(visit);
  };
  node.forEachChild(visit);
  return all;
}

export interface ImportOf {
  /** As written: a package name or a relative path. */
  specifier: string;
  /** Relative imports resolved to a path from the repository root (no extension). */
  target: string;
  typeOnly: boolean;
  names: string[];
}

export function importsOf({ path, tree }: Source): ImportOf[] {
  return tree.statements.filter(ts.isImportDeclaration).map((declaration) => {
    const specifier = (declaration.moduleSpecifier as ts.StringLiteral).text;
    const clause = declaration.importClause;
    const bindings = clause?.namedBindings;
    const names = bindings && ts.isNamedImports(bindings) ? bindings.elements : [];
    return {
      specifier,
      target: specifier.startsWith('.')
        ? relative(ROOT, resolve(ROOT, dirname(path), specifier))
            .split('\\')
            .join('/')
        : specifier,
      typeOnly: clause?.isTypeOnly === true,
      names: names.map((element) => (element.propertyName ?? element.name).text),
    };
  });
}

export interface MethodCall {
  /** The expression the method is called on, as written (`kvs`, `asUser()`). */
  receiver: string;
  args: readonly ts.Expression[];
  call: ts.CallExpression;
}

/** Every call of `<receiver>.<method>(…)` in the file. */
export function methodCalls({ tree }: Source, method: string): MethodCall[] {
  return descendants(tree)
    .filter(ts.isCallExpression)
    .filter(
      (call) =>
        ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === method,
    )
    .map((call) => ({
      receiver: (call.expression as ts.PropertyAccessExpression).expression.getText(),
      args: call.arguments,
      call,
    }));
}

/** The literal text of a tagged template, with `${}` where values go. */
export function templateText(template: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
  return [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join(
    '${}',
  );
}

/** The value of `name: '…'` in an object literal argument, if it is a plain string. */
export function stringProperty(node: ts.Expression | undefined, name: string): string | undefined {
  if (!node || !ts.isObjectLiteralExpression(node)) return undefined;
  for (const property of node.properties) {
    if (
      ts.isPropertyAssignment(property) &&
      property.name.getText() === name &&
      ts.isStringLiteral(property.initializer)
    )
      return property.initializer.text;
  }
  return undefined;
}

export function where(source: Source, node: ts.Node): string {
  const { line } = source.tree.getLineAndCharacterOfPosition(node.getStart());
  return `${source.path}:${line + 1}`;
}
