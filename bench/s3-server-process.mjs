// s3rver in a process of its own for the load run, so that the harness's CPU
// time is the handlers' alone. Prints its port, stops when its input closes.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../packages/aws/package.json', import.meta.url));
const { default: S3rver } = await import(require.resolve('s3rver'));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-load-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
const { port } = await server.run();
process.stdout.write(`${port}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
