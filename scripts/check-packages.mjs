// Packaging checks, run by `pnpm test` after the build (so in .ci/run too):
// 1. `pnpm pack` each published package; its tarball holds dist, types,
//    README and package.json, and no sources, tests or fixtures;
// 2. publint (strict) and `attw` (ESM-only profile) on each tarball;
// 3. the tarballs installed together into a temporary project with npm:
//    each package imported from ESM and type-checked through tsc, and the
//    packed CLI run for `--version` and one conversion.
// Needs the npm registry for the third-party dependencies only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packTarballs, root } from './pack-tarballs.mjs';

// Files a package must ship beyond its entry and types: the Lambda bundles.
const shipped = {
  '@flowecs/aws': [
    'dist/lambda/s3.mjs',
    'dist/lambda/firehose.mjs',
    'dist/lambda/cloudwatch.mjs',
    'dist/lambda/decode-parquet-worker.js',
  ],
};
const work = mkdtempSync(join(tmpdir(), 'flowecs-packages-'));
const keep = process.argv.includes('--keep');
process.on('exit', () => {
  if (!keep) rmSync(work, { recursive: true, force: true });
});

const failures = [];
const check = (condition, message) => {
  if (!condition) failures.push(message);
};
const run = (command, args, options = {}) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
const bin = name => join(root, 'node_modules/.bin', name);
const log = text => process.stderr.write(`check-packages: ${text}\n`);
// pnpm packs the repository's LICENSE into each package that has none.
const license = existsSync(join(root, 'LICENSE')) ? readFileSync(join(root, 'LICENSE'), 'utf8') : undefined;
check(license !== undefined, 'the repository has no LICENSE, so no tarball has one');

const tarballs = packTarballs(work);
for (const { manifest, tarball } of tarballs) {
  const files = run('tar', ['-tzf', tarball])
    .trim()
    .split('\n')
    .map(file => file.replace(/^package\//, ''));
  // Every entry point: the main one and each documented subpath.
  const entries = Object.values(manifest.exports)
    .filter(target => typeof target === 'object')
    .flatMap(target => [target.types, target.import].map(path => path.replace(/^\.\//, '')));
  for (const required of [
    'package.json',
    'README.md',
    'LICENSE',
    ...entries,
    ...Object.values(manifest.bin ?? {}).map(path => path.replace(/^\.\//, '')),
    ...(shipped[manifest.name] ?? []),
  ]) {
    check(files.includes(required), `${manifest.name}: the tarball lacks ${required}`);
  }
  for (const file of files) {
    check(
      !/(^|\/)(src|test|__fixtures__|node_modules)\//.test(file) &&
        !/\.test(-d)?\.[cm]?[jt]s$/.test(file) &&
        !file.endsWith('.tsbuildinfo'),
      `${manifest.name}: the tarball should not contain ${file}`,
    );
  }
  check(
    files.includes('LICENSE') && run('tar', ['-xzOf', tarball, 'package/LICENSE']) === license,
    `${manifest.name}: the tarball's LICENSE is not the repository's`,
  );
  check(manifest.license === 'MIT', `${manifest.name}: package.json's license is not MIT, as LICENSE says`);
  const packed = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']));
  for (const [dependency, range] of Object.entries(packed.dependencies ?? {})) {
    check(!range.startsWith('workspace:'), `${manifest.name}: dependency ${dependency} is still ${range}`);
  }

  try {
    run(bin('publint'), ['run', tarball, '--strict']);
  } catch (error) {
    failures.push(`${manifest.name}: publint:\n${error.stdout}${error.stderr}`);
  }
  try {
    run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
  } catch (error) {
    failures.push(`${manifest.name}: attw:\n${error.stdout}${error.stderr}`);
  }
  log(`${manifest.name}: ${files.length} files packed, publint and attw ran`);
}

// The smoke project: the tarballs and nothing else of ours.
const project = join(work, 'project');
run('mkdir', ['-p', project]);
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify({ name: 'flowecs-smoke', private: true, type: 'module' }, null, 2),
);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map(({ tarball }) => tarball)], {
  cwd: project,
});

const record =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
writeFileSync(
  join(project, 'smoke.mjs'),
  `import * as parser from '@flowecs/parser';
import { NdjsonWriter } from '@flowecs/parser/ndjson';
import { LineSplitter } from '@flowecs/parser/framing';
import { writeParquetRow } from '@flowecs/parser/parquet';
const { parseRecord, flowLogErrorCodes } = parser;
if (typeof NdjsonWriter !== 'function' || typeof LineSplitter !== 'function' || typeof writeParquetRow !== 'function') throw new Error('@flowecs/parser subpaths missing');
for (const plumbing of ['NdjsonWriter', 'LineSplitter', 'writeParquetRow', 'formatParquetRow', 'parquetHeader', 'createJsonObjectSplitter', 'describeValue']) if (plumbing in parser) throw new Error('@flowecs/parser exports ' + plumbing + ' from its main entry');
import { createFlowLogStream, flowLogInputErrorCodes } from '@flowecs/stream';
import { main } from 'flowecs';
import { createS3ObjectHandler, createFirehoseTransformHandler } from '@flowecs/aws';
import { FlowEcsS3Pipeline } from '@flowecs/aws-cdk';
if (typeof createS3ObjectHandler !== 'function' || typeof createFirehoseTransformHandler({ log: () => {} }) !== 'function') throw new Error('@flowecs/aws exports missing');
if (typeof FlowEcsS3Pipeline !== 'function') throw new Error('@flowecs/aws-cdk exports missing');
const event = parseRecord(${JSON.stringify(record)});
if (event.source.port !== 20641 || event.network.transport !== 'tcp') throw new Error('parser: unexpected event ' + JSON.stringify(event));
if (typeof createFlowLogStream !== 'function' || typeof main !== 'function') throw new Error('stream or CLI exports missing');
if (!('invalid-ip' in flowLogErrorCodes) || !('read-failed' in flowLogInputErrorCodes)) throw new Error('error codes missing');
console.log('ok');
`,
);
check(run(process.execPath, ['smoke.mjs'], { cwd: project }).trim() === 'ok', 'the ESM smoke import did not print ok');

writeFileSync(
  join(project, 'smoke.ts'),
  `import type { FlowLogEvent } from '@flowecs/ecs-types';
import { parseRecord, type FlowLogParseError } from '@flowecs/parser';
import { NdjsonWriter } from '@flowecs/parser/ndjson';
const writer: NdjsonWriter = new NdjsonWriter();
import { createFlowLogStream, type FlowLogStreamStats } from '@flowecs/stream';
import { main, type CliIo } from 'flowecs';
const event: FlowLogEvent = parseRecord('');
const port: number | undefined = event.source?.port;
const stats: FlowLogStreamStats = createFlowLogStream({ output: 'ndjson' }).stats();
const code: FlowLogParseError['code'] = 'invalid-ip';
// @ts-expect-error: not an error code, so the types are real, not any.
const wrong: FlowLogParseError['code'] = 'no-such-code';
export { port, stats, code, wrong, writer, main, type CliIo };
`,
);
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: ['smoke.ts'],
    },
    null,
    2,
  ),
);
try {
  run(bin('tsc'), ['-p', project]);
} catch (error) {
  failures.push(`types through tsc:\n${error.stdout}${error.stderr}`);
}

const cli = join(project, 'node_modules/.bin/flowecs');
const version = tarballs.find(({ name }) => name === 'flowecs').version;
check(run(cli, ['--version']).trim() === version, `the packed CLI's --version is not ${version}`);
const converted = run(cli, [], { input: `${record}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
check(JSON.parse(converted).source.port === 20641, 'the packed CLI did not convert a record');
log('smoke project: ESM imports, tsc, flowecs --version and a conversion ran');

// Each package alone, from the tarballs its README's install line names (and
// nothing else of ours), into an empty project: the line is what a user runs.
for (const { name, directory } of tarballs) {
  const readme = readFileSync(join(root, directory, 'README.md'), 'utf8');
  const line = readme.split('\n').find(text => /^npm install (-g )?\S*\.tgz/.test(text));
  if (line === undefined) {
    failures.push(`${name}: its README has no \`npm install …tgz\` line`);
    continue;
  }
  const named = line
    .split(' ')
    .filter(word => word.endsWith('.tgz'))
    .map(word => basename(word));
  const own = join(work, 'alone', name.replace('/', '-'));
  mkdirSync(own, { recursive: true });
  writeFileSync(join(own, 'package.json'), JSON.stringify({ name: 'alone', private: true, type: 'module' }));
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...named.map(file => join(work, file))], {
      cwd: own,
    });
    run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(name)});`], { cwd: own });
  } catch (error) {
    failures.push(
      `${name}: installed from its README's tarballs (${named.join(' ')}) alone:\n${error.stdout}${error.stderr}`,
    );
  }
}
log('each package installed alone from the tarballs its README names, and imported');

if (failures.length > 0) {
  process.stderr.write(
    `check-packages: ${failures.length} problem(s):\n${failures.map(failure => `- ${failure}`).join('\n')}\n`,
  );
  process.exit(1);
}
log('all packages pass');
