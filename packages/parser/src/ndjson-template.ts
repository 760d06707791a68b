import { ABSENT } from './byte-tokens';
import type { FlowLogLayout } from './flow-log-layout';
import type { NdjsonWriter } from './ndjson-writer';
import type { RecordScanner } from './record-scanner';
import type { TextRecord } from './line-reader';
import type { FlowLogProfile } from './map-with-profile';
import type { TimestampCache } from './format-timestamp';
import { compileTemplate } from './compile-template';
import { LayoutFields } from './layout-fields';
import type { DerivedValues } from './sentinels';
import { render, RenderBuffers } from './render-template';
import {
  layoutTemplates,
  MAPPED,
  rankOf,
  wordIndex,
  type LayoutTemplates,
  type Template,
  type TemplateContext,
} from './template-parts';

export type { TemplateContext } from './template-parts';

const encoder = new TextEncoder();

// Templates depend on the profile, the layout and the line's shape, never on
// the parser: every parser of a profile shares them, and a tree of files with
// one header compiles each shape once (layouts are shared: shared-layout.ts).
const sharedTemplates = new WeakMap<FlowLogProfile, WeakMap<FlowLogLayout, LayoutTemplates>>();

/**
 * A parser's writer of its profile's templates, per layout (the templates are
 * shared, see above). `write` renders the checked line in the scanner, or
 * returns false when its shape is mapped as an object.
 */
export class TemplateWriter {
  readonly #profile: FlowLogProfile;
  readonly #layouts: WeakMap<FlowLogLayout, LayoutTemplates>;
  // Lines of a file share a layout: the last one's state saves a lookup per line.
  #lastLayout: FlowLogLayout | undefined;
  #lastState: LayoutTemplates | undefined;
  #codes = new Int32Array(64);
  readonly #escaped = new Map<string, Uint8Array>();
  readonly #buffers = new RenderBuffers();
  readonly #derivation: FlowLogProfile['derivation'];
  // The line's derived values, in the derivation's key order.
  readonly #derived: DerivedValues | undefined;
  // The fields the derivation reads.
  readonly #derivedFields: LayoutFields | undefined;

  readonly #timestamps: TimestampCache;

  constructor(profile: FlowLogProfile, timestamps: TimestampCache) {
    this.#profile = profile;
    this.#timestamps = timestamps;
    let layouts = sharedTemplates.get(profile);
    if (layouts === undefined) sharedTemplates.set(profile, (layouts = new WeakMap()));
    this.#layouts = layouts;
    const derivation = profile.derivation;
    this.#derivation = derivation;
    if (derivation !== undefined) {
      const keys = Object.keys(derivation.kinds);
      this.#derived = { keys, kinds: derivation.kinds as DerivedValues['kinds'], values: keys.map(() => undefined) };
      this.#derivedFields = new LayoutFields(derivation.reads);
    }
  }

  /**
   * Writes the line `bytes[start, end)`, checked by `scanner` against
   * `layout`, as one NDJSON line. `reference` gives the object path's JSON
   * text: the first record of each shape is rendered both ways, and a shape
   * whose template disagrees is mapped as an object from then on.
   */
  write(
    line: TextRecord,
    scanner: RecordScanner,
    context: TemplateContext,
    out: NdjsonWriter,
    reference: (line: TextRecord, context: TemplateContext) => string,
  ): boolean {
    const { bytes, layout } = line;
    const derivedValues = this.#derived;
    if (derivedValues !== undefined) {
      // A profile's derived values, from a record of the fields they are derived from.
      const derived = this.#derivation!.derive(scanner.toPartialRecord(bytes, layout, this.#derivedFields!.of(layout)));
      const { keys, values } = derivedValues;
      for (let index = 0; index < keys.length; index++) values[index] = derived[keys[index]!];
    }
    let state = layout === this.#lastLayout ? this.#lastState : this.#layouts.get(layout);
    if (state === undefined) {
      state = layoutTemplates([]);
      this.#layouts.set(layout, state);
    }
    this.#lastLayout = layout;
    this.#lastState = state;
    let template = this.#find(state, scanner, bytes, context);
    if (template === undefined) {
      template = compileTemplate(
        this.#profile,
        this.#timestamps,
        state,
        scanner,
        bytes,
        layout,
        context,
        derivedValues,
      );
      if (template.parts !== undefined) {
        const mark = out.length;
        this.#render(template, line, scanner, context, out);
        const expected = encoder.encode(`${reference(line, context)}\n`);
        const rendered = out.bytes.subarray(mark, out.length);
        if (!sameBytes(rendered, expected)) {
          out.length = mark;
          template = { ...MAPPED, codes: template.codes };
        }
        this.#store(state, scanner, bytes, context, template);
        return template.parts !== undefined;
      }
      this.#store(state, scanner, bytes, context, template);
      return false;
    }
    if (template.parts === undefined) return false;
    this.#render(template, line, scanner, context, out);
    return true;
  }

  /** Writes `line` into `out` by `template`, with this writer's buffers and the derived values just computed. */
  #render(
    template: Template,
    line: TextRecord,
    scanner: RecordScanner,
    context: TemplateContext,
    out: NdjsonWriter,
  ): void {
    const { bytes, start, end } = line;
    render(
      template,
      scanner,
      bytes,
      start,
      end,
      context,
      this.#derived?.values,
      out,
      this.#buffers,
      this.#escaped,
      this.#timestamps,
    );
  }

  /** The shape's codes over the layout's inputs, in `#codes`; returns their hash. */
  #shape(state: LayoutTemplates, scanner: RecordScanner, bytes: Uint8Array, context: TemplateContext): number {
    const { sources, fields, kinds, inputs } = state;
    const count = fields.length;
    if (this.#codes.length < count) this.#codes = new Int32Array(count * 2);
    const codes = this.#codes;
    const values = scanner.values;
    let hash = count;
    for (let index = 0; index < count; index++) {
      const kind = kinds[index]!;
      let code: number;
      switch (sources[index]) {
        case 'field': {
          const field = fields[index]!;
          const value = values[field]!;
          if (value === ABSENT) code = 0;
          else if (kind === 'presence') code = 1;
          else if (kind === 'value') code = (1 + value) | 0;
          else if (kind === 'rank') code = 1 + rankOf(state.ranked, field, scanner, bytes);
          else code = 1 + wordIndex(inputs[index]!.words!, scanner, bytes, field);
          break;
        }
        case 'event-time':
          code = context.eventTime === undefined ? 0 : 1;
          break;
        case 'origin':
          code = context.origin?.[inputs[index]!.originKey!] === undefined ? 0 : 1;
          break;
        default: {
          const input = inputs[index]!;
          const value = this.#derived!.values[input.derived];
          if (value === undefined) code = 0;
          else if (kind !== 'seen') code = 1;
          else {
            const seen = input.seen!;
            code = seen.get(value) ?? seen.size + 1;
            if (code === seen.size + 1) seen.set(value, code);
          }
        }
      }
      codes[index] = code;
      hash = (Math.imul(hash, 31) + code) | 0;
    }
    return hash;
  }

  #find(
    state: LayoutTemplates,
    scanner: RecordScanner,
    bytes: Uint8Array,
    context: TemplateContext,
  ): Template | undefined {
    const hash = this.#shape(state, scanner, bytes, context);
    const candidates = state.byKey.get(hash);
    if (candidates === undefined) return undefined;
    const count = state.inputs.length;
    const codes = this.#codes;
    outer: for (const candidate of candidates) {
      for (let index = 0; index < count; index++) if (candidate.codes[index] !== codes[index]) continue outer;
      return candidate;
    }
    return undefined;
  }

  #store(
    state: LayoutTemplates,
    scanner: RecordScanner,
    bytes: Uint8Array,
    context: TemplateContext,
    template: Template,
  ): void {
    const hash = this.#shape(state, scanner, bytes, context);
    const stored = { ...template, codes: this.#codes.slice(0, state.inputs.length) };
    const candidates = state.byKey.get(hash);
    if (candidates === undefined) state.byKey.set(hash, [stored]);
    else candidates.push(stored);
  }
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}
