import type { FlowLogLayout } from './flow-log-layout';
import type { ParserCheckpoint } from './flow-log-parser';
import type { RejectedLayout } from './line-reader';
import type { FlowLogFormat } from './parse-format';
import type { ResolvedOptions } from './resolve-options';
import { sharedLayout } from './shared-layout';

/**
 * Where a parser stands in its input: lines read, and the layout in force
 * (the options', a header's, or none after a header that could not be used:
 * a record is never read with a layout its file did not declare).
 */
export class ParserPosition {
  lineNumber = 0;
  format: FlowLogFormat | undefined;
  layout: FlowLogLayout | RejectedLayout | undefined;
  /** Where `layout` came from, for checkpoints. */
  #source: ParserCheckpoint['layout'] = 'initial';
  readonly #settings: ResolvedOptions;

  constructor(settings: ResolvedOptions) {
    this.#settings = settings;
    this.format = settings.format;
    this.layout = settings.layout;
  }

  /** A header's layout from now on. */
  useHeader(format: FlowLogFormat): void {
    this.format = format;
    this.layout = sharedLayout(format);
    this.#source = { header: format };
  }

  /** A header that could not be used: no layout until the next usable one. */
  reject(): void {
    this.format = undefined;
    this.layout = { rejectedAt: this.lineNumber };
    this.#source = this.layout;
  }

  reset(): void {
    this.restore({ lineNumber: 0, layout: 'initial' });
  }

  checkpoint(): ParserCheckpoint {
    return { lineNumber: this.lineNumber, layout: this.#source };
  }

  restore({ lineNumber, layout }: ParserCheckpoint): void {
    this.lineNumber = lineNumber;
    this.#source = layout;
    if (layout === 'initial') {
      this.format = this.#settings.format;
      this.layout = this.#settings.layout;
    } else if ('header' in layout) {
      this.format = layout.header;
      this.layout = sharedLayout(layout.header);
    } else {
      this.format = undefined;
      this.layout = { rejectedAt: layout.rejectedAt };
    }
  }
}
