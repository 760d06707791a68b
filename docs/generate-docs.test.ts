import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (it runs under node as the `pnpm generate-docs` script), no types.
import { currentPage, fillSections, renderAll, renderFields } from './generate-docs.mjs';

const pages: Record<string, string> = renderAll();

describe('generated reference pages', () => {
  // A stale page means the code changed without `npx --yes pnpm@10 generate-docs`.
  it.each(Object.keys(pages))('%s matches the code (run `npx --yes pnpm@10 generate-docs` if not)', path => {
    // Line by line, so a failure shows which rows changed.
    expect(currentPage(path).split('\n')).toEqual(pages[path]!.split('\n'));
  });

  it('lists every output field of the contract with its AWS source', () => {
    const fields: string = renderFields();
    for (const [field, source] of [
      ['source.port', '`srcport`'],
      ['destination.ip', '`dstaddr`'],
      ['network.transport', '`protocol`'],
      ['event.outcome', '`log-status`'],
      ['@timestamp', '`start`'],
      ['related.ip', '`srcaddr`, `dstaddr`'],
    ]) {
      expect(fields).toMatch(
        new RegExp(
          `\\| \`${field.replace('.', '\\.')}\` \\| [^|]+ \\| ${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`,
        ),
      );
    }
  });

  it('refuses a README whose markers are missing', () => {
    expect(() => fillSections('README.md', 'no markers here', { help: 'x' })).toThrow(/markers/);
  });
});
