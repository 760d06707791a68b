import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createFlowLogStream,
  deadLetterLine,
  isFlowEcsOutputLine,
  readAwsLogsPath,
  type FlowLogInput,
  type FlowLogInputFormat,
  type FlowLogParseError,
  type FlowLogStreamStats,
} from '@flowecs/stream';

/** What every input of a run is converted with. */
export interface ConvertSettings {
  readonly format: string | undefined;
  readonly profile: 'standard' | 'extended';
  readonly pretty: boolean;
  readonly inputFormat: FlowLogInputFormat;
}

/**
 * An invalid line as the dead-letter file holds it, serialised once where
 * it was found (on a worker, too): `text` is its NDJSON line without the
 * newline, `summary` its one-line report for standard error.
 */
export interface DeadLetter {
  readonly text: string;
  readonly code: string;
  readonly message: string;
  readonly summary: string;
  /** The line is an event or a dead letter as flowecs writes it: its own output fed back. */
  readonly isOutput: boolean;
}

export function toDeadLetter(error: FlowLogParseError): DeadLetter {
  return {
    text: deadLetterLine(error),
    code: error.code,
    message: error.message,
    summary: `${error.source}:${error.lineNumber}: ${error.code}: ${error.message}`,
    isOutput: isFlowEcsOutputLine(error.raw),
  };
}

/** What every flow stream of an input is made with: the same on the main thread and on workers. */
export function conversionOptions(label: string, settings: ConvertSettings) {
  return {
    format: settings.format,
    profile: settings.profile,
    output: 'ndjson',
    source: label,
    // A path in AWS's layout names the account (and region) of records without one.
    origin: readAwsLogsPath(label),
  } as const;
}

/** Reads in this size: large enough that reading, parsing and writing overlap. */
export const IO_BUFFER = 512 * 1024;

/**
 * Converts one input into `sink`: the one per-file pipeline of the CLI, on
 * the main thread and on the workers of `--jobs` alike. Resolves to why the
 * input failed part-way, if it did; `stats()` counts as it goes.
 */
export function convertInput(
  input: FlowLogInput,
  label: string,
  settings: ConvertSettings,
  sink: Writable,
  onInvalid: (letter: DeadLetter) => void,
  signal?: AbortSignal,
): { readonly stats: () => FlowLogStreamStats; readonly done: Promise<string | undefined> } {
  const flows = createFlowLogStream({
    ...conversionOptions(label, settings),
    output: settings.pretty ? 'objects' : 'ndjson',
    onInvalid: error => onInvalid(toDeadLetter(error)),
    // Deep buffers on both sides let reading, parsing and writing overlap.
    readableHighWaterMark: settings.pretty ? 64 : IO_BUFFER / 4,
  });
  const stages = settings.pretty
    ? [
        new Transform({
          writableObjectMode: true,
          transform: (event, _encoding, callback) => callback(null, `${JSON.stringify(event, null, 2)}\n`),
        }),
      ]
    : [];
  const done = pipeline(input, flows, ...stages, sink, ...(signal === undefined ? [] : [{ signal }])).then(
    () => undefined,
    (error: unknown) => (error as Error).message,
  );
  return { stats: () => flows.stats(), done };
}
