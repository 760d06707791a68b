export { BlockSplitter, createBlockSplitter } from './block-splitter';
export type { BlockSplitterOptions, FlowLogBlock } from './block-splitter';
export { createFlowLogStream, DEFAULT_MAX_LINE_LENGTH, FlowLogStream } from './create-flow-log-stream';
export { emptyStats } from './flow-log-stream-options';
export type { FlowLogStreamOptions, FlowLogStreamStats, InvalidLinePolicy } from './create-flow-log-stream';
export { deadLetterLine } from './dead-letter-line';
export { printable, printableJson, printableLines, replaceInvisible } from './printable';
export { detectFlowLogContent } from './detect-flow-log-content';
export type { FlowLogContent } from './detect-flow-log-content';
export { isFlowLogRecords } from './flow-log-records';
export { envelopeRecords } from './read-envelopes';
export type { FlowLogRecords } from './flow-log-records';
export { FlowLogInputError, flowLogInputErrorCodes, openFlowLogFile, openFlowLogInput } from './open-flow-log-file';
export type {
  FlowLogInput,
  FlowLogInputErrorCode,
  FlowLogInputFormat,
  OpenFlowLogOptions,
  RandomAccessInput,
} from './open-flow-log-file';
export { readParquetRecords } from './read-parquet';
export {
  CONTENT_HEAD_LENGTH,
  flowLogContentVerdict,
  isFlowLogContent,
  isFlowLogFile,
  readFileHead,
} from './is-flow-log-content';
export type { FlowLogContentOptions } from './is-flow-log-content';
export { isFlowEcsOutputLine, isFlowEcsOutputValue, startsWithFlowEcsOutput } from './is-flow-ecs-output';
export { toNdjson } from './to-ndjson';
export { IpDatabaseError, ipDatabaseErrorCodes, openIpDatabase, readIpDatabase } from './open-ip-database';
export type { IpDatabaseErrorCode, IpDatabaseRole } from './open-ip-database';
export { readNetworkInterfacesFiles } from './read-network-interfaces-files';
export {
  FilterSyntaxError,
  FlowLogParseError,
  NetworkInterfacesError,
  parseFilter,
  parseFormat,
  readAwsLogsPath,
  readNetworkInterfaces,
} from '@flowecs/parser';
export type {
  FlowLogEnrichment,
  FlowLogErrorCode,
  IpDatabase,
  NetworkInterface,
  NetworkInterfaces,
  FlowLogEvent,
  FlowLogFilter,
  FlowLogFormat,
  FlowLogOrigin,
  FlowLogParserOptions,
  FlowLogParserProfile,
  ParserCheckpoint,
} from '@flowecs/parser';
