import type { FlowLogParseResult, MessageContext } from './flow-log-parser';
import { FlowLogParseError } from './flow-log-parse-error';
import { LineReader, type RecordLine } from './line-reader';
import { ParserPosition } from './parser-position';
import type { ResolvedOptions } from './resolve-options';

/** What a line is when it is not a record: its result as it is. */
export type OtherLine = Exclude<FlowLogParseResult<never>, { kind: 'event' }>;

/** Whether a read line is a record (its output still to make). */
export const isRecord = (line: RecordLine | OtherLine): line is RecordLine =>
  line.kind === 'json' || line.kind === 'text';

/** Lines read one after another: each counted, headers setting the layout, anything else a result. */
export class LineParser {
  readonly position: ParserPosition;
  readonly reader: LineReader;

  constructor(settings: ResolvedOptions) {
    this.position = new ParserPosition(settings);
    this.reader = new LineReader(settings.maxLineLength);
  }

  /**
   * Reads the next line, `bytes[start, end)` (`given`: the same as a string,
   * when the caller has one). `message`, even null: a record delivered on its
   * own, never a header.
   */
  read(
    bytes: Uint8Array,
    start: number,
    end: number,
    given?: string,
    message?: MessageContext | null,
  ): RecordLine | OtherLine {
    const position = this.position;
    const lineNumber = ++position.lineNumber;
    const line = this.reader.read(bytes, start, end, given, position.layout, message !== undefined);
    switch (line.kind) {
      case 'json':
      case 'text':
        return line;
      case 'header':
        position.useHeader(line.format);
        return { kind: 'header', lineNumber, format: line.format, unknownFields: line.unknownFields };
      case 'blank':
        if (message === undefined) return { kind: 'blank', lineNumber };
        return this.invalid(new FlowLogParseError('empty-record', 'The record is empty.', { raw: given ?? '' }));
      case 'invalid':
        if (line.error.code === 'invalid-header') position.reject();
        return this.invalid(line.error);
    }
  }

  /** The current line's result for `error`. */
  invalid(error: FlowLogParseError): Extract<OtherLine, { kind: 'invalid' }> {
    error.lineNumber = this.position.lineNumber;
    return { kind: 'invalid', lineNumber: this.position.lineNumber, error };
  }
}
