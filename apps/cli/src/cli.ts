import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { printableLines, type FlowLogInputFormat } from '@flowecs/stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { checkOutputPaths } from './check-output-paths';
import { collectInputs, type Input } from './collect-inputs';
import { databasesOf, filterOf, formatOf, profileOf } from './command-settings';
import { convertFlowLogs } from './convert-flow-logs';
import { formatSummary } from './format-summary';
import { plainProgress, terminalProgress } from './progress';
import { examples } from './help-examples';
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
  // Names from outside that messages may quote: a line end in one is escaped (printableLines).
  const names = argv.filter(argument => argument.includes('\n'));
  let exitCode = EXIT_SUCCESS;
  const program = new Command('flowecs')
    .description(
      'Convert AWS VPC and Transit Gateway flow logs to Elastic Common Schema events, one JSON object per line.',
    )
    .argument(
      '[paths...]',
      'flow-log files (text, gzip, Parquet, CloudWatch Logs envelopes: detected by content), directories (read recursively in byte order of names; each file decided by its first bytes, never its name: what is not a delivery is skipped and listed by --stats) or - for stdin; default: stdin',
    )
    .option(
      '-o, --output <file>',
      'write events to FILE instead of stdout (- for stdout), through a temporary file renamed at the end; it holds every event read, even when an input fails, and is not written if the run is interrupted. FILE is never an input, and an existing FILE is replaced only when it is empty or holds flowecs output (else --force)',
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
    .addOption(
      new Option(
        '--profile <name>',
        'the events to write: standard (the default: exactly the standard ECS contract), extended (every field of the record, in ECS and aws.vpcflow.*), ocsf (OCSF 1.1.0 Network Activity, as Amazon Security Lake writes it)',
      ).choices(['standard', 'extended', 'ocsf']),
    )
    .option('--extended', 'the same as --profile extended')
    .option(
      '--geoip <file>',
      'add where each address is (source.geo.*, destination.geo.*; OCSF: the endpoint location) from a MaxMind DB City or Country database (GeoLite2, GeoIP2, DB-IP lite); with --profile extended or ocsf. Private, loopback, link-local, shared, documentation and other special-purpose addresses are not looked up',
    )
    .option(
      '--asn <file>',
      'add the autonomous system of each address (source.as.*, destination.as.*; OCSF: unmapped) from a MaxMind DB ASN database; with --profile extended or ocsf',
    )
    .option(
      '--interfaces <file>',
      "add what the JSON of aws ec2 describe-network-interfaces says of each record's interface-id: cloud.instance.id, cloud.availability_zone, aws.network_interface.* (security groups, type, description, owner, tags; VPC and subnet when the record has none); OCSF: the endpoint's instance_uid, vpc_uid, subnet_uid. The record's own values win. Repeatable (one file per account and region); with --profile extended or ocsf",
      (file: string, files: string[] = []) => [...files, file],
    )
    .option(
      '--where <expression>',
      'convert only the records that pass EXPRESSION; the rest are counted as filtered. Conditions on fields by their AWS names: == != < <= > >= on numbers, == != and in [...] on words, in CIDR for addresses (srcaddr in 10.0.0.0/8), combined with and, or, not and parentheses. A record without the field fails the condition; invalid lines stay invalid.',
    )
    .option(
      '--errors <file>',
      'write every invalid line to FILE as NDJSON {source, line, code, message, raw}; - for stderr',
    )
    .option(
      '--force',
      'let -o or --errors replace an existing file that does not start with flowecs output (never one of the inputs)',
    )
    .option('--strict', 'exit with status 1 if any line was invalid or a directory walk skipped a file')
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
      outputError: (text, write) => write(printableLines(`flowecs: ${text.replace(/^error: /, '')}`, names)),
    })
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (paths.length === 0 && io.stdin.isTTY === true) {
        // Nothing to read and nobody piping: show how to use it.
        io.stderr.write(program.helpInformation());
        exitCode = EXIT_USAGE;
        return;
      }
      exitCode = await convertCommand(paths, options, io, names);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; everything commander refuses is a usage error.
      return error.exitCode === 0 ? EXIT_SUCCESS : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr.write(printableLines(`flowecs: ${error.message}\n${USAGE_HINT}\n`, names));
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCode;
}

async function convertCommand(
  paths: string[],
  options: Record<string, unknown>,
  io: CliIo,
  names: string[],
): Promise<number> {
  const format = formatOf(options);
  const filter = filterOf(options);
  const profile = profileOf(options);
  const databases = databasesOf(options, profile);
  if (options['pretty'] === true && (options['jobs'] as number) > 1)
    throw new UsageError(
      '--jobs parses NDJSON in blocks on worker threads; --pretty is written on the main thread: use one or the other.',
    );
  const outputPath = options['output'] === '-' ? undefined : (options['output'] as string | undefined);
  const errorsPath = options['errors'] as string | undefined;
  const { inputs, skipped } = await collectInputs(paths, { format });
  for (const found of [...inputs, ...skipped]) if ('path' in found && found.path.includes('\n')) names.push(found.path);
  // A FIFO input still waiting for a writer holds a thread in open(): give it
  // an empty writer when the run is interrupted, so the process can end.
  io.signal?.addEventListener('abort', () => releaseFifos(inputs), { once: true });
  await checkOutputPaths(
    { output: outputPath, errors: errorsPath, force: options['force'] === true },
    inputs,
    descriptorOf(io.stdin),
  );
  const progress =
    options['progress'] !== false && io.stderr.isTTY === true
      ? terminalProgress(
          io.stderr,
          inputs.every(input => input.kind === 'file')
            ? inputs.reduce((total, input) => total + (input.kind === 'file' ? input.size : 0), 0)
            : undefined,
          names,
        )
      : plainProgress(io.stderr, names);
  if (skipped.length > 0) {
    const [first] = skipped;
    progress.log(
      `flowecs: skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} that ${skipped.length === 1 ? 'is' : 'are'} not a flow-log delivery by content, e.g. ${first!.path} (${first!.reason}); --stats lists them${options['strict'] === true ? '' : ', --strict fails the run on them'}\n`,
    );
  }
  const result = await convertFlowLogs(
    {
      inputs,
      output: outputPath,
      format,
      profile,
      filter,
      ...databases,
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
      printableLines(
        `flowecs: cannot write the output: ${result.outputError.message}${outputPath === undefined ? '' : ` (${outputPath} was not written)`}\n`,
        names,
      ),
    );
  if (options['stats'] === true)
    io.stderr.write(printableLines(formatSummary({ ...result, skipped, filter: filter !== undefined }), names));
  if (result.interrupted) return EXIT_FAILURE;
  if (result.outputClosed) return EXIT_SUCCESS;
  if (result.outputError !== undefined || result.deadLetterError !== undefined) return EXIT_FAILURE;
  if (result.failedInputs > 0 || result.unreadInputs > 0) return EXIT_FAILURE;
  if (options['strict'] === true && (result.invalid > 0 || skipped.length > 0)) return EXIT_FAILURE;
  return EXIT_SUCCESS;
}

function releaseFifos(inputs: readonly Input[]): void {
  for (const input of inputs) {
    if (input.kind !== 'file' || !input.fifo) continue;
    try {
      closeSync(openSync(input.path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is waiting to read it.
    }
  }
}

/** Standard input's file descriptor, when it is the process's own. */
function descriptorOf(stdin: Readable): number | undefined {
  const fd = (stdin as { fd?: unknown }).fd;
  return typeof fd === 'number' ? fd : undefined;
}

/** How long an interrupted run may take to clean up and report before the signal ends it. */
const SIGNAL_GRACE_MILLISECONDS = 3000;

/** Ends the process by the signal's default action: no exit handler can wait for a blocked thread. */
function endBySignal(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
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
    if (signalExit !== undefined) endBySignal(signal);
    signalExit = signal === 'SIGINT' ? 130 : 143;
    controller.abort();
    // The run cleans up and reports, then the process ends with 130 or 143.
    // Should something keep it alive past that (a thread blocked in a system
    // call, which process.exit would wait for), the signal ends it.
    setTimeout(() => endBySignal(signal), SIGNAL_GRACE_MILLISECONDS).unref();
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
        printableLines(
          `flowecs: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report it with the command line that caused it.\n`,
        ),
      );
      process.exitCode = EXIT_FAILURE;
    },
  );
}
