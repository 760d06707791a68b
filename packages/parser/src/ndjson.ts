/**
 * `@flowecs/parser/ndjson`: the buffer `parseBytesInto` and
 * `parseMessageInto` append NDJSON lines to. Used by `@flowecs/stream`;
 * most users want `createFlowLogStream` instead.
 */
export { NdjsonWriter } from './ndjson-writer';
