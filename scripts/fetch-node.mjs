// `node scripts/fetch-node.mjs 22` prints the path of a Node.js 22 binary,
// fetched once from the npm registry (the official build, packaged as
// node-<platform>-<arch>) into .cache/node/. CI and `pnpm bench --node 22`
// use it: this machine has Node 20 only, and nothing is installed by hand.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The versions CI tests, by major. Raise them here, in one place. */
export const pinnedNodeVersions = { 20: '20.20.2', 22: '22.23.5', 24: '24.22.3' };

const root = fileURLToPath(new URL('..', import.meta.url));

/** The path of the `node` binary of `version` (a major from pinnedNodeVersions, or x.y.z). */
export function fetchNode(version) {
  const exact = pinnedNodeVersions[version] ?? version;
  if (!/^\d+\.\d+\.\d+$/.test(exact))
    throw new Error(
      `Unknown Node.js version "${version}": give a major (${Object.keys(pinnedNodeVersions).join(', ')}) or x.y.z.`,
    );
  const folder = join(root, '.cache/node', exact);
  const binary = join(folder, 'bin/node');
  if (existsSync(binary)) return binary;
  const download = join(root, '.cache/node', `.download-${process.pid}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  const name = `node-${process.platform}-${process.arch}@${exact}`;
  execFileSync('npm', ['pack', name, '--silent', '--pack-destination', download], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(download).find(file => file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack ${name} gave no tarball.`);
  execFileSync('tar', ['xzf', join(download, tarball), '-C', download]);
  rmSync(folder, { recursive: true, force: true });
  renameSync(join(download, 'package'), folder);
  rmSync(download, { recursive: true, force: true });
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2];
  if (version === undefined) {
    console.error('usage: node scripts/fetch-node.mjs <major|x.y.z>');
    process.exit(2);
  }
  console.log(fetchNode(version));
}
