import { readFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { isFlowLogFile, parseFormat, type FlowLogInputFormat } from '@flowecs/stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { collectInputs } from './collect-inputs';
import { convertFlowLogs } from './convert-flow-logs';
import { formatSummary } from './format-summary';
import { plainProgress, terminalProgress } from './progress';
import { USAGE_HINT, UsageError } from './usage-error';

export interface CliIo {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable & { readonly isTTY?: boolean };
  /** Aborted on SIGINT or SIGTERM: the run stops, cleans up and reports. */
  readonly signal?: AbortSignal;
}

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const version: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const examples = `
Examples:
  # An S3 flow-log file (gzip is detected by content) to NDJSON
  $ flowecs 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz > events.ndjson

  # A whole S3 sync, in order, with a summary and a dead-letter file
  $ aws s3 sync s3://my-bucket/AWSLogs/123456789012/vpcflowlogs/ flowlogs/
  $ flowecs flowlogs/ -o events.ndjson --errors invalid.ndjson --stats

  # Parquet objects (FileFormat=parquet): the columns name the fields
  $ flowecs 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.parquet

  # CloudWatch Logs has no header line: give the flow log's format. Export
  # files (timestamp-prefixed lines) and CloudWatch → Firehose → S3 objects
  # (gzip envelopes back to back) alike
  $ flowecs --format '\${version} \${vpc-id} \${srcaddr} \${dstaddr} \${srcport} \${dstport} \${protocol} \${action} \${log-status}' 000000.gz
  $ flowecs --format '\${version} \${interface-id} \${srcaddr} \${dstaddr}' firehose/2026/11/30/04/flows-1-2026-11-30-04-00-00-abcd

  # Standard input, into another tool
  $ zcat flows.log.gz | flowecs | jq -c 'select(.action.name == "reject")'

Exit status: 0 success; 1 an input could not be read to its end, an input
gave no record but invalid lines, the output or the dead-letter file could not
be written, or (with --strict) a line was invalid; 2 a usage error.
`;

function parsePositive(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return count;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return limit;
}

/** Runs the command with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_SUCCESS;
  const program = new Command('flowecs')
    .description(
      'Convert AWS VPC and Transit Gateway flow logs to Elastic Common Schema events, one JSON object per line.',
    )
    .argument(
      '[paths...]',
      'flow-log files (text, gzip, Parquet, CloudWatch Logs envelopes: detected by content), directories (read recursively: *.log, *.gz, *.txt, *.parquet) or - for stdin; default: stdin',
    )
    .option(
      '-o, --output <file>',
      'write events to FILE instead of stdout, through a temporary file renamed at the end; it holds every event read, even when an input fails, and is not written if the run is interrupted',
    )
    .option(
      '-f, --format <format>',
      "the records' LogFormat (${field} ${field} ... or plain names), for input without a header line such as CloudWatch exports",
    )
    .addOption(
      new Option(
        '--input-format <format>',
        'how to read the inputs: auto detects each by content; text (lines, JSON lines, {"message":…} records, CloudWatch export lines), parquet (a file; not stdin, which cannot be read by ranges), cloudwatch (subscription envelopes, back to back, or a Lambda awslogs event)',
      )
        .choices(['auto', 'text', 'parquet', 'cloudwatch'])
        .default('auto'),
    )
    .option('--pretty', 'indent each event (for reading, not for pipelines)')
    .option(
      '--extended',
      'the extended profile: every field of the record in ECS and aws.vpcflow.* (the default output is exactly the standard contract)',
    )
    .option(
      '--errors <file>',
      'write every invalid line to FILE as NDJSON {source, line, code, message, raw}; - for stderr',
    )
    .option(
      '--force',
      'let -o or --errors replace a file that looks like flow-log input (gzip, Parquet, or a flow-log first line)',
    )
    .option('--strict', 'exit with status 1 if any line was invalid')
    .option('--stats', 'print a summary to stderr: files, lines, events, invalid lines, statuses, time')
    .option('--no-progress', 'no progress bar (it only ever shows when stderr is a terminal)')
    .addOption(
      new Option(
        '-j, --jobs <count>',
        "worker threads that parse each file's lines in blocks at once; the output, invalid lines and counts are those of --jobs 1 (not with --pretty)",
      )
        .default(1)
        .argParser(parsePositive),
    )
    .addOption(
      new Option('--error-limit <count>', 'invalid lines reported on stderr before the rest are only counted')
        .default(10)
        .argParser(parseLimit),
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', examples)
    .showHelpAfterError(USAGE_HINT)
    .exitOverride()
    .configureOutput({
      writeOut: text => void io.stdout.write(text),
      writeErr: text => void io.stderr.write(text),
      outputError: (text, write) => write(`flowecs: ${text.replace(/^error: /, '')}`),
    })
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (paths.length === 0 && io.stdin.isTTY === true) {
        // Nothing to read and nobody piping: show how to use it.
        io.stderr.write(program.helpInformation());
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = await convertCommand(paths, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; everything commander refuses is a usage error.
      return error.exitCode === 0 ? EXIT_SUCCESS : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`flowecs: ${error.message}\n${USAGE_HINT}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

async function convertCommand(paths: string[], options: Record<string, unknown>, io: CliIo): Promise<number> {
  const format = options['format'] as string | undefined;
  if (format !== undefined) {
    // Checked here so a bad format is a usage error, before any input is read.
    try {
      parseFormat(format);
    } catch (error) {
      throw new UsageError(`--format: ${(error as Error).message}`);
    }
  }
  await checkOutputPaths(
    options['output'] as string | undefined,
    options['errors'] as string | undefined,
    options['force'] === true,
  );
  const { inputs, skipped } = await collectInputs(paths);
  const progress =
    options['progress'] !== false && io.stderr.isTTY === true
      ? terminalProgress(
          io.stderr,
          inputs.every(input => input.kind === 'file')
            ? inputs.reduce((total, input) => total + (input.kind === 'file' ? input.size : 0), 0)
            : undefined,
        )
      : plainProgress(io.stderr);
  if (skipped.length > 0) {
    progress.log(
      `flowecs: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} without a flow-log name (*.log, *.gz, *.txt, *.parquet; name a file to read it anyway), e.g. ${skipped[0]}\n`,
    );
  }
  const result = await convertFlowLogs(
    {
      inputs,
      output: options['output'] as string | undefined,
      format,
      profile: options['extended'] === true ? 'extended' : 'standard',
      pretty: options['pretty'] === true,
      errors: options['errors'] as string | undefined,
      errorLimit: options['errorLimit'] as number,
      jobs: options['jobs'] as number,
      inputFormat: options['inputFormat'] as FlowLogInputFormat,
    },
    { stdin: io.stdin, stdout: io.stdout, progress, signal: io.signal ?? new AbortController().signal },
  );
  if (result.outputError !== undefined)
    io.stderr.write(
      `flowecs: cannot write the output: ${result.outputError.message}${options['output'] === undefined ? '' : ` (${String(options['output'])} was not written)`}\n`,
    );
  if (options['stats'] === true) io.stderr.write(formatSummary(result));
  if (result.interrupted) return EXIT_FAILURE;
  if (result.outputClosed) return EXIT_SUCCESS;
  if (result.outputError !== undefined || result.deadLetterError !== undefined) return EXIT_FAILURE;
  if (result.failedInputs > 0 || result.unreadInputs > 0) return EXIT_FAILURE;
  if (options['strict'] === true && result.invalid > 0) return EXIT_FAILURE;
  return EXIT_SUCCESS;
}

/**
 * Refuses output paths that would destroy data: the events and the dead
 * letters in one file, or a file that looks like flow-log input (the output
 * name forgotten: `flowecs -o input.log.gz`) unless `--force`.
 */
async function checkOutputPaths(output: string | undefined, errors: string | undefined, force: boolean): Promise<void> {
  if (output !== undefined && errors !== undefined && errors !== '-' && (await sameFile(output, errors))) {
    throw new UsageError(`-o and --errors name the same file (${output}): the dead letters would be lost.`);
  }
  if (force) return;
  for (const path of [output, errors]) {
    if (path !== undefined && path !== '-' && (await isFlowLogFile(path))) {
      throw new UsageError(
        `${path} looks like flow-log input; it is not replaced without --force (was the output name forgotten?).`,
      );
    }
  }
}

async function sameFile(left: string, right: string): Promise<boolean> {
  const real = (path: string) => realpath(path).catch(() => resolve(path));
  return (await real(left)) === (await real(right));
}

/** The `flowecs` binary: real process streams, signals, exit code. */
export function run(): void {
  // A reader that has gone (`flowecs --help | head -1`) must not crash the
  // process with an unhandled 'error': the conversion watches its output for
  // failures itself (EPIPE quietly, anything else with a message).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const controller = new AbortController();
  let signalExit: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal means: stop now.
    if (signalExit !== undefined) process.exit(signalExit);
    signalExit = signal === 'SIGINT' ? 130 : 143;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  }).then(
    code => {
      process.exitCode = signalExit ?? code;
    },
    (error: unknown) => {
      process.stderr.write(
        `flowecs: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command line that caused it.\n`,
      );
      process.exitCode = EXIT_FAILURE;
    },
  );
}
