// `npx --yes pnpm@10 pack-tarballs`: every published package's tarball in
// tarballs/ (ignored by git), the files each package README's install line
// names. check-packages.mjs packs through the same function.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** The published packages, dependencies first; the private docs package is not one. */
export const publishedPackages = [
  'packages/ecs-types',
  'packages/parser',
  'packages/stream',
  'apps/cli',
  'packages/aws',
  'packages/aws-cdk',
];

// pnpm rewrites `workspace:^` to real versions when it packs; npm would not.
// The root scripts run under pnpm, which puts itself on PATH; otherwise npx.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, process.env.npm_execpath]
  : ['npx', '--yes', 'pnpm@10'];

/** Packs each published package into `destination`: name, version, tarball path and manifest. */
export function packTarballs(destination) {
  mkdirSync(destination, { recursive: true });
  return publishedPackages.map(directory => {
    const manifest = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8'));
    const output = execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', destination], {
      cwd: join(root, directory),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = output.trim().split('\n').at(-1).trim();
    return { name: manifest.name, version: manifest.version, tarball, manifest, directory };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const destination = join(root, 'tarballs');
  rmSync(destination, { recursive: true, force: true });
  for (const { tarball } of packTarballs(destination)) console.log(tarball);
}
