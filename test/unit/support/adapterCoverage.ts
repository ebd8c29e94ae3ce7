// `npm run test:adapters`: are the VS Code adapters tested without VS Code? Lists every exported
// function of src/completion/*.ts and src/chat/*.ts, with the public methods and accessors of
// their exported classes and objects, runs the unit tests under V8's coverage, and prints which
// of them no unit test called. Exits 1 when any is left. `-- --all` runs the whole unit suite
// (the default runs the adapter tests only, which is enough when they call everything).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['src/completion', 'src/chat'];

export interface Callable {
  file: string;
  /** As V8 names the function: `engineInput`, `propose`, `get pending`, a class's constructor by its class name. */
  name: string;
  /** As the report shows it: `ApplyPreview.propose`. */
  label: string;
}

/** The exported callables of one source file. */
export function exportedCallables(file: string, source: string): Callable[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Callable[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isPublic = (node: ts.Node) => !(ts.getModifiers(node as ts.HasModifiers) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
  const memberName = (m: ts.ClassElement | ts.ObjectLiteralElementLike) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : undefined);
  const members = (owner: string, list: readonly (ts.ClassElement | ts.ObjectLiteralElementLike)[]) => {
    for (const m of list) {
      const name = memberName(m);
      if (!name || !isPublic(m)) continue;
      if (ts.isMethodDeclaration(m)) out.push({ file, name, label: `${owner}.${name}` });
      else if (ts.isGetAccessorDeclaration(m)) out.push({ file, name: `get ${name}`, label: `${owner}.${name} (get)` });
      else if (ts.isConstructorDeclaration(m)) out.push({ file, name: owner, label: `new ${owner}` });
    }
  };
  for (const statement of sf.statements) {
    if (!exported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) out.push({ file, name: statement.name.text, label: statement.name.text });
    else if (ts.isClassDeclaration(statement) && statement.name) members(statement.name.text, statement.members);
    else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        if (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) out.push({ file, name: d.name.text, label: d.name.text });
        else if (ts.isObjectLiteralExpression(d.initializer)) members(d.name.text, d.initializer.properties);
      }
    }
  }
  return out;
}

interface V8Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** Function names V8 saw called at least once, per file URL, from a NODE_V8_COVERAGE folder. */
export function calledFunctions(coverageDir: string): Map<string, Map<string, number>> {
  const called = new Map<string, Map<string, number>>();
  for (const name of readdirSync(coverageDir)) {
    const data = JSON.parse(readFileSync(path.join(coverageDir, name), 'utf8')) as V8Coverage;
    for (const script of data.result) {
      for (const fn of script.functions) {
        if ((fn.ranges[0]?.count ?? 0) === 0 || !fn.functionName) continue;
        const names = called.get(script.url) ?? new Map<string, number>();
        names.set(fn.functionName, (names.get(fn.functionName) ?? 0) + 1);
        called.set(script.url, names);
      }
    }
  }
  return called;
}

function main(): number {
  const all = process.argv.includes('--all');
  const callables = FOLDERS.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => exportedCallables(path.join(ROOT, folder, f), readFileSync(path.join(ROOT, folder, f), 'utf8'))),
  );
  const coverageDir = mkdtempSync(path.join(tmpdir(), 'fi-adapter-coverage-'));
  try {
    // Without --all: the adapter tests alone (mocha's config would add every spec to them).
    const only = ['--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '20000', 'test/unit/completion/adapters.test.ts', 'test/unit/completion/enginePort.test.ts', 'test/unit/chat/adapters.test.ts'];
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'mocha'), ['--reporter', 'dot', ...(all ? [] : only)], {
      cwd: ROOT,
      env: { ...process.env, NODE_V8_COVERAGE: coverageDir },
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      console.log(`${run.stdout}${run.stderr}`);
      console.error('test:adapters: the unit tests failed; coverage not judged');
      return 1;
    }
    const called = calledFunctions(coverageDir);
    const missing = callables.filter((c) => !called.get(pathToFileURL(c.file).href)?.has(c.name));
    const files = new Set(callables.map((c) => c.file)).size;
    console.log(`test:adapters: ${callables.length - missing.length} of ${callables.length} exported functions and public methods in ${files} files (${FOLDERS.join(', ')}) are called by unit tests`);
    for (const c of missing) console.log(`  not called: ${path.relative(ROOT, c.file)} ${c.label}`);
    return missing.length === 0 ? 0 : 1;
  } finally {
    rmSync(coverageDir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exitCode = main();
