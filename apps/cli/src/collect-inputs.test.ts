import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { collectInputs } from './collect-inputs';

const directory = mkdtempSync(join(tmpdir(), 'flowecs-collect-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const RECORD =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n';

describe('collectInputs: a walk looks at entries several at a time and keeps byte order', () => {
  test('files, folders, skipped and unreadable entries of a wide tree come in the order of their paths', async () => {
    const root = join(directory, 'wide');
    const expected: string[] = [];
    const skipped: string[] = [];
    // 70 entries a folder (more than are looked at together), folders between files,
    // a large file beside small ones, files that are not flow logs, and a dangling link.
    for (let index = 0; index < 70; index++) {
      const name = `${String(index).padStart(3, '0')}`;
      if (index % 9 === 4) {
        mkdirSync(join(root, name), { recursive: true });
        for (let inner = 10; inner < 30; inner++) {
          writeFileSync(join(root, name, `f${inner}`), RECORD);
          expected.push(join(name, `f${inner}`));
        }
      } else if (index % 13 === 6) {
        mkdirSync(root, { recursive: true });
        writeFileSync(join(root, name), 'not flow logs at all\n');
        skipped.push(name);
      } else if (index === 30) {
        symlinkSync(join(root, 'nowhere'), join(root, name));
        expected.push(`missing ${name}`);
      } else {
        mkdirSync(root, { recursive: true });
        writeFileSync(join(root, name), index === 10 ? RECORD.repeat(200_000) : RECORD);
        expected.push(name);
      }
    }
    const { inputs, skipped: passed } = await collectInputs([root]);
    expect(
      inputs.map(input =>
        input.kind === 'file'
          ? relative(root, input.path)
          : input.kind === 'missing'
            ? `missing ${relative(root, input.path)}`
            : 'stdin',
      ),
    ).toEqual(expected);
    expect(passed.map(each => relative(root, each.path))).toEqual(skipped);
  });
});
