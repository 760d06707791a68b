/**
 * `@flowecs/parser/framing`: bytes to lines and to JSON objects, without
 * Node streams: both are frames of one `FrameSplitter`. Used by `@flowecs/stream`; most users want
 * `createFlowLogStream` instead.
 */
export { LineSplitter } from './line-splitter';
export { createJsonObjectSplitter, splitJsonObjects } from './json-object-splitter';
export { FrameSplitter } from './frame-splitter';
export type { FrameBoundary } from './frame-splitter';
/** How messages name a value that is not what was expected (`a number (42)`). */
export { describeValue } from './parse-format';
