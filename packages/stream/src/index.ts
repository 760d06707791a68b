export { createFlowLogStream, DEFAULT_MAX_LINE_LENGTH, FlowLogStream } from './create-flow-log-stream';
export type { FlowLogStreamOptions, FlowLogStreamStats, InvalidLinePolicy } from './create-flow-log-stream';
export { FlowLogInputError, flowLogInputErrorCodes, openFlowLogFile, openFlowLogInput } from './open-flow-log-file';
export type { FlowLogInput, FlowLogInputErrorCode } from './open-flow-log-file';
export { isFlowLogContent, isFlowLogFile } from './is-flow-log-content';
export { toNdjson } from './to-ndjson';
export { FlowLogParseError, parseFormat } from '@flowecs/parser';
export type { FlowLogErrorCode, FlowLogEvent, FlowLogFormat, FlowLogParserOptions } from '@flowecs/parser';
