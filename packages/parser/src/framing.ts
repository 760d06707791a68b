/**
 * `@flowecs/parser/framing`: bytes to lines and to JSON objects, without
 * Node streams. Used by `@flowecs/stream`; most users want
 * `createFlowLogStream` instead.
 */
export { LineSplitter } from './line-splitter';
export { createJsonObjectSplitter } from './cloudwatch-envelope';
/** How messages name a value that is not what was expected (`a number (42)`). */
export { describeValue } from './parse-format';
