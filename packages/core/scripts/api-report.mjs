// Prints the public API of @flowforge/core (what `src/index.ts` exports) as plain text, one
// declaration per block: values with their types, interfaces and type aliases with their
// members. `packages/core/api/public-api.txt` holds the reviewed report; a test compares the two,
// so that a change to what plugin authors can use is always a visible diff.
//   node packages/core/scripts/api-report.mjs            print it
//   node packages/core/scripts/api-report.mjs --write    update the reviewed file
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const REPORT = fileURLToPath(new URL('../api/public-api.txt', import.meta.url));
const FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType | ts.TypeFormatFlags.WriteArrowStyleSignature;

export function apiReport() {
  const program = ts.createProgram([ENTRY], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY));
  const blocks = checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.getName();
    const lines = [];
    if (symbol.flags & ts.SymbolFlags.Value) {
      const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (symbol.flags & ts.SymbolFlags.Class) {
        lines.push(`class ${name}`);
        lines.push(...membersOf(checker, checker.getDeclaredTypeOfSymbol(symbol), declaration));
      } else {
        const kind = symbol.flags & ts.SymbolFlags.Function ? 'function' : 'const';
        lines.push(`${kind} ${name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration), declaration, FLAGS)}`);
      }
    }
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) && !(symbol.flags & ts.SymbolFlags.Class)) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const declaration = symbol.declarations?.[0];
      if (symbol.flags & ts.SymbolFlags.Interface) {
        lines.push(`interface ${name}`, ...membersOf(checker, type, declaration));
      } else {
        lines.push(`type ${name} = ${checker.typeToString(type, declaration, FLAGS | ts.TypeFormatFlags.InTypeAlias)}`);
      }
    }
    return lines.join('\n');
  });
  // Type references print as absolute paths: only the path inside the package or src/ is kept.
  return `${blocks.sort().join('\n\n')}\n`.replace(/import\("[^"]*\/node_modules\//g, 'import("').replaceAll(`import("${SRC}`, 'import("./');
}

/** Each public member of an interface or class, with its type. */
function membersOf(checker, type, declaration) {
  // `#private` members are no one's API.
  return checker.getPropertiesOfType(type).filter((member) => !member.getName().startsWith('#')).map((member) => {
    const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
    return `  ${member.getName()}${optional}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(member, declaration), declaration, FLAGS)}`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = apiReport();
  if (process.argv.includes('--write')) writeFileSync(REPORT, report);
  else process.stdout.write(report);
}
