// The one type-check of both scripts: writes each value as a typed TypeScript literal
// (`const x: Type = {...}`) and compiles them with `tsc --strict --noEmit`. Excess-property checks
// make an unknown key (a typo) an error, as well as a wrong type or a missing required field.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * entries: [{ name, source, module, type, value }]; work: a folder under this package (so that its
 * node_modules resolve). Returns tsc's exit status (0: every literal type-checks).
 */
export function typeCheck(work, entries) {
  mkdirSync(work, { recursive: true });
  const files = entries.map((e, i) => {
    const file = resolve(join(work, `${i}-${e.name.replace(/[^A-Za-z0-9_-]/g, '_')}.ts`));
    writeFileSync(file, `// ${e.source}\nimport type { ${e.type} } from '${e.module}';\n\n`
      + `export const value: ${e.type} = ${JSON.stringify(e.value, null, 2)};\n`);
    return file;
  });
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      skipLibCheck: true, types: [],
    },
    files,
  }, null, 2));
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(work, 'tsconfig.json')],
    { stdio: 'inherit' });
  return tsc.status ?? 1;
}
