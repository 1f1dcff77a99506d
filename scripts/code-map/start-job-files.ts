// The source files a reader meets following one start job: from the watcher's publishing of it
// to the worker's handling, every file whose declarations those files use (value or type),
// followed through the libraries' index re-exports to the file that declares each symbol.
// `npx tsx scripts/code-map/start-job-files.ts [root]` prints them and their count.
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

const root = resolve(process.argv[2] ?? ".");
const ENTRIES = ["apps/watcher/src/publish-container-jobs.ts", "apps/worker/src/handle-container-job.ts"];

const program = ts.createProgram(
  ENTRIES.map((entry) => join(root, entry)),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    baseUrl: root,
    paths: { "@dehandler/*": ["libs/*/src/index.ts"] },
  },
);
const checker = program.getTypeChecker();
const isOurs = (file: string): boolean => file.startsWith(root) && !file.includes("/node_modules/") && /\/(apps|libs)\/[^/]+\/src\//.test(file);

function declaringFiles(node: ts.Node): string[] {
  let symbol = checker.getSymbolAtLocation(node);
  if (symbol === undefined) return [];
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return (symbol.declarations ?? []).map((declaration) => declaration.getSourceFile().fileName);
}

function usedFiles(file: ts.SourceFile): Set<string> {
  const used = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const names: ts.Node[] = [];
    if (clause?.name !== undefined) names.push(clause.name);
    const bindings = clause?.namedBindings;
    if (bindings !== undefined && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((element) => element.name));
    if (bindings !== undefined && ts.isNamespaceImport(bindings) && statement.moduleSpecifier !== undefined) names.push(statement.moduleSpecifier);
    for (const name of names) for (const declared of declaringFiles(name)) used.add(declared);
  }
  return used;
}

const seen = new Set<string>();
const queue = ENTRIES.map((entry) => join(root, entry));
while (queue.length > 0) {
  const fileName = queue.pop() as string;
  if (seen.has(fileName) || !isOurs(fileName) || !existsSync(fileName)) continue;
  seen.add(fileName);
  const source = program.getSourceFile(fileName);
  if (source !== undefined) queue.push(...usedFiles(source));
}
const files = [...seen].map((file) => relative(root, file)).sort();
for (const file of files) console.log(file);
console.log(`${files.length} files on one start job's path`);
