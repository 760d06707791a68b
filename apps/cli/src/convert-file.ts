import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createFlowLogStream,
  readAwsLogsPath,
  readIpDatabase,
  readNetworkInterfacesFiles,
  type NetworkInterfaces,
  type FlowLogEnrichment,
  type IpDatabase,
  type IpDatabaseRole,
  type FlowLogInput,
  type FlowLogInputFormat,
  type FlowLogParserProfile,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import { gatherInvalidLines, type InvalidLines } from './invalid-lines';

/** What every input of a run is converted with. */
export interface ConvertSettings {
  readonly format: string | undefined;
  readonly profile: FlowLogParserProfile;
  /** `--where`: checked on the main thread, parsed again by each stream (workers too). */
  readonly filter: string | undefined;
  /** `--geoip` and `--asn`: database paths, checked on the main thread, opened once by each thread that converts. */
  readonly geoip?: string | undefined;
  readonly asn?: string | undefined;
  /** `--interfaces`: describe-network-interfaces files, checked on the main thread, read once by each thread. */
  readonly interfaces?: readonly string[] | undefined;
  readonly pretty: boolean;
  readonly inputFormat: FlowLogInputFormat;
}

/** What every flow stream of an input is made with: the same on the main thread and on workers. */
export function conversionOptions(label: string, settings: ConvertSettings) {
  return {
    format: settings.format,
    profile: settings.profile,
    filter: settings.filter,
    enrich: enrichmentOf(settings),
    output: 'ndjson',
    source: label,
    // A path in AWS's layout names the account (and region) of records without one.
    origin: readAwsLogsPath(label),
  } as const;
}

// What this thread read, by role and paths: a reader cannot cross threads, so each worker opens its own.
const opened = new Map<string, IpDatabase | NetworkInterfaces>();

/**
 * The databases of `--geoip` and `--asn` and the interfaces of
 * `--interfaces`, read once per thread. Throws `IpDatabaseError` or
 * `NetworkInterfacesError`.
 */
export function enrichmentOf(
  settings: Pick<ConvertSettings, 'geoip' | 'asn' | 'interfaces'>,
): FlowLogEnrichment | undefined {
  const { geoip, asn, interfaces } = settings;
  if (geoip === undefined && asn === undefined && (interfaces === undefined || interfaces.length === 0))
    return undefined;
  const once = <Read extends IpDatabase | NetworkInterfaces>(key: string, read: () => Read): Read => {
    let found = opened.get(key) as Read | undefined;
    if (found === undefined) opened.set(key, (found = read()));
    return found;
  };
  const open = (path: string | undefined, role: IpDatabaseRole) =>
    path === undefined ? undefined : once(`${role} ${path}`, () => readIpDatabase(path, role));
  return {
    geoip: open(geoip, 'geoip'),
    asn: open(asn, 'asn'),
    interfaces:
      interfaces === undefined || interfaces.length === 0
        ? undefined
        : once(`interfaces ${interfaces.join('\0')}`, () => readNetworkInterfacesFiles(interfaces)),
  };
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
  onInvalid: (lines: InvalidLines) => void,
  signal?: AbortSignal,
): { readonly stats: () => FlowLogStreamStats; readonly done: Promise<string | undefined> } {
  const invalid = gatherInvalidLines(onInvalid);
  const flows = createFlowLogStream({
    ...conversionOptions(label, settings),
    output: settings.pretty ? 'objects' : 'ndjson',
    onInvalid: error => invalid.add(error),
    // Deep buffers on both sides let reading, parsing and writing overlap.
    readableHighWaterMark: settings.pretty ? 64 : IO_BUFFER / 4,
  });
  const last = settings.pretty ? prettyInto(sink) : sink;
  const done = pipeline(input, flows, last, ...(signal === undefined ? [] : [{ signal }]))
    .then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    )
    .finally(invalid.handOn);
  return { stats: () => flows.stats(), done };
}

/**
 * Writes each event indented into `sink`, an event written once `sink` has
 * written it: the flow stream's last stage, so that a failed input's events
 * are all written before its error ends the pipeline (a Transform between
 * them would still hold some when the pipeline destroys it).
 */
function prettyInto(sink: Writable): Writable {
  // Its errors reach the write callbacks, and through them the pipeline.
  sink.on('error', () => undefined);
  return new Writable({
    objectMode: true,
    write: (event, _encoding, callback) => void sink.write(`${JSON.stringify(event, null, 2)}\n`, callback),
  });
}
