// Every README code block tagged `ts example` is a program a user can paste:
// here each one is type-checked (strict, against the built packages' types)
// and run, and its output checked.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = join(root, 'docs/.examples');

// What each README's example must print: one line per expectation.
const expected: Record<string, RegExp[]> = {
  'README.md': [/^20641 tcp$/m, /"destination":\{"address":"172\.31\.9\.12"/, /^50000$/m, /lines: 1/, /events: 1/],
  'packages/ecs-types/README.md': [/^172\.31\.16\.139:20641 → 22$/m, /^no traffic \(nodata\)$/m],
  'packages/parser/README.md': [
    /^2014-12-14T04:06:50Z 20641 tcp$/m,
    /"destination":\{"address":"10\.0\.0\.220"/,
    /^line 3: invalid-ip: /m,
    /^10\.0\.1\.5 ok$/m,
  ],
  'apps/cli/README.md': [/^0 22$/m],
  'packages/aws/README.md': [/^Ok 20641 tcp$/m],
  'packages/stream/README.md': [/lines: 4/, /events: 2/, /invalid: 1/, /^line 4: out-of-range: /m, /"name":"reject"/],
};

const examples = Object.keys(expected).map(readme => {
  const text = readFileSync(join(root, readme), 'utf8');
  const blocks = [...text.matchAll(/^```ts example\n([\s\S]*?)^```$/gm)].map(match => match[1]!);
  const name = readme === 'README.md' ? 'root' : readme.replace(/\/README\.md$/, '').replaceAll('/', '-');
  return { readme, name, blocks };
});

beforeAll(() => {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const { name, blocks } of examples)
    blocks.forEach((block, index) => writeFileSync(join(folder, `${name}-${index}.ts`), block));
  writeFileSync(
    join(folder, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
});

describe('README examples', () => {
  it('every README has one', () => {
    for (const { readme, blocks } of examples) expect(blocks.length, readme).toBeGreaterThan(0);
  });

  it('type-check (strict) against the published types', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe('');
  });

  it.each(examples.map(example => [example.readme, example] as const))(
    '%s: runs and prints what it says',
    (_readme, { name, blocks, readme }) => {
      let printed = '';
      blocks.forEach((block, index) => {
        const program = join(folder, `${name}-${index}.mjs`);
        writeFileSync(
          program,
          ts.transpileModule(block, {
            compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
          }).outputText,
        );
        printed += execFileSync(process.execPath, [program], {
          encoding: 'utf8',
          cwd: folder,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      });
      for (const pattern of expected[readme]!) expect(printed).toMatch(pattern);
    },
  );
});
