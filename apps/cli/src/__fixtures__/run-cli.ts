import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The end-to-end tests run the built binary as a user would: build first (turbo does).
export const binary = fileURLToPath(new URL('../../bin/flowecs.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
export const SAMPLE = join(examples, '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz');
export const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

/** The CLI run in `directory()` (read when it runs), and files written there. */
export function cliIn(directory: () => string) {
  return {
    cli(args: readonly string[], options: { input?: string | Buffer; cwd?: string } = {}): SpawnSyncReturns<string> {
      return spawnSync(process.execPath, [binary, ...args], {
        input: options.input ?? '',
        cwd: options.cwd ?? directory(),
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0' },
        maxBuffer: 256 * 1024 * 1024,
      });
    },
    file(name: string, content: string | Buffer): string {
      const path = join(directory(), name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
}
