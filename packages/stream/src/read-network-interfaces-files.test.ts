import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NetworkInterfacesError } from '@flowecs/parser';
import { readNetworkInterfacesFiles } from './read-network-interfaces-files';

const directory = mkdtempSync(join(tmpdir(), 'flowecs-interfaces-'));
const write = (name: string, content: string | Uint8Array) => {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
};
const list = (...ids: string[]) =>
  JSON.stringify({ NetworkInterfaces: ids.map(id => ({ NetworkInterfaceId: id, VpcId: `vpc-of-${id}` })) }, null, 4);

/** The error `read` throws. */
function thrown(read: () => unknown): NetworkInterfacesError {
  try {
    read();
  } catch (error) {
    if (error instanceof NetworkInterfacesError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('readNetworkInterfacesFiles', () => {
  test('one map from several files (one per account and region, one with a byte order mark); a later file wins for the same id', () => {
    const first = write('us-east-1.json', list('eni-1', 'eni-2'));
    const second = write('eu-west-1.json', `\uFEFF${list('eni-3', 'eni-2')}`);
    const interfaces = readNetworkInterfacesFiles([first, second]);
    expect([...interfaces.keys()].toSorted()).toEqual(['eni-1', 'eni-2', 'eni-3']);
    expect(interfaces.get('eni-2')?.vpcId).toBe('vpc-of-eni-2');
  });

  test.each([
    [
      'a missing file',
      () => join(directory, 'missing.json'),
      'network-interfaces-unreadable',
      /cannot be read: ENOENT/,
    ],
    [
      'a directory',
      () => (mkdirSync(join(directory, 'dir'), { recursive: true }), join(directory, 'dir')),
      'network-interfaces-unreadable',
      /not a regular file/,
    ],
    ['a device', () => '/dev/zero', 'network-interfaces-unreadable', /not a regular file/],
    [
      'a file that is not UTF-8',
      () => write('latin1.json', new Uint8Array([0x5b, 0xe9, 0x5d])),
      'network-interfaces-invalid',
      /not UTF-8 text/,
    ],
    ['a truncated file', () => write('cut.json', list('eni-1').slice(0, 40)), 'network-interfaces-invalid', /not JSON/],
  ])('%s: a typed error naming the file', (_, pathOf, code, message) => {
    const path = pathOf();
    const error = thrown(() => readNetworkInterfacesFiles([path]));
    expect(error.code).toBe(code);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  test('a FIFO is refused at once, never waited on', () => {
    const fifo = join(directory, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(thrown(() => readNetworkInterfacesFiles([fifo])).message).toMatch(/not a regular file/);
  });
});
