import type { FlowLogLayout } from './flow-log-layout';
import { typeCodes } from './flow-log-layout';
import type { TimestampCache } from './format-timestamp';
import { fillInput, MappingRefusal, newMappingInput, type FlowLogProfile, type MutableInput } from './map-with-profile';
import type { RecordScanner } from './record-scanner';
import { isDecided, isSentinelCharacter, sentinels, tracked, type DerivedValues, type SentinelSlot } from './sentinels';
import {
  createInput,
  inputKey,
  layoutTemplates,
  MAPPED,
  type Input,
  type LayoutTemplates,
  type SlotKind,
  type Template,
  type TemplateContext,
} from './template-parts';

const encoder = new TextEncoder();

interface Cut {
  readonly literals: string[];
  readonly kinds: SlotKind[];
  readonly arguments: SentinelSlot[1][];
}

/**
 * Runs the mapping on the line's shape with two sets of sentinels
 * (sentinels.ts) and cuts the JSON at them: a template, or MAPPED when the
 * JSON does not cut the same way twice. Adds the inputs the mapping read to
 * `state`.
 */
export function compileTemplate(
  profile: FlowLogProfile,
  timestamps: TimestampCache,
  state: LayoutTemplates,
  scanner: RecordScanner,
  bytes: Uint8Array,
  layout: FlowLogLayout,
  context: TemplateContext,
  derived: DerivedValues | undefined,
): Template {
  const reads = new Set<string>();
  let refused = false;
  const cuts = [0, 1].map(set => {
    const values = sentinels(set, scanner, bytes, layout, context, derived);
    const input = fillInput(
      newMappingInput(timestamps),
      values.record,
      values.message,
      values.context,
      values.derived,
      layout.listed,
    );
    input.placed = values.placed as MutableInput['placed'];
    // Only the first set notes reads.
    let event: unknown;
    try {
      event = profile.map(set === 0 ? tracked(input, reads) : input);
    } catch (error) {
      // A refused shape is mapped as an object, which refuses each of its records.
      if (!(error instanceof MappingRefusal)) throw error;
      refused = true;
    }
    return { cut: refused ? undefined : cutAt(JSON.stringify(event), values.slots), rankGroups: values.rankGroups };
  });
  // Inputs the mapping read: the shape of later lines is taken over them.
  const known = new Set(state.inputs.map(inputKey));
  let grown = false;
  for (const input of inputsOf(layout, reads, derived)) {
    if (known.has(inputKey(input))) continue;
    state.inputs.push(input);
    grown = true;
  }
  if (grown) Object.assign(state, layoutTemplates(state.inputs));
  if (refused) return { ...MAPPED, codes: new Int32Array(0) };
  // An address slot takes the first address of its rank that the mapping read.
  const keys = layout.keys;
  const read = (field: number) => reads.has(`record.${keys[field]!}`) || reads.has('record.*');
  for (const { cut, rankGroups } of cuts) {
    cut?.arguments.forEach((argument, index) => {
      if (cut.kinds[index] !== 'token' || (argument as number) >= 0) return;
      const group = rankGroups[-1 - (argument as number)]!;
      cut.arguments[index] = group.find(read) ?? group[0]!;
    });
  }
  const [first, second] = [cuts[0]!.cut, cuts[1]!.cut];
  const same =
    first !== undefined &&
    second !== undefined &&
    first.literals.join('\u0000') === second.literals.join('\u0000') &&
    first.kinds.join() === second.kinds.join() &&
    first.arguments.join() === second.arguments.join();
  // Unknown fields are mapped as objects (write is not called for them), and
  // so are records whose origin the mapping lists rather than reads by key.
  if (!same || (reads.has('unknown') && layout.unknownCount > 0) || reads.has('origin.*'))
    return { ...MAPPED, codes: new Int32Array(0) };
  return templateOf(first);
}

function templateOf({ literals, kinds, arguments: args }: Cut): Template {
  const parts = literals.map(literal => encoder.encode(literal));
  const literal = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  const bounds = new Int32Array(parts.length + 1);
  parts.forEach((part, index) => {
    literal.set(part, bounds[index]!);
    bounds[index + 1] = bounds[index]! + part.length;
  });
  const originKeys = args.filter((_, index) => kinds[index] === 'origin') as Template['originKeys'][number][];
  const fields = Int32Array.from(args, (argument, index) =>
    kinds[index] === 'origin' ? originKeys.indexOf(argument as Template['originKeys'][number]) : (argument as number),
  );
  return {
    codes: new Int32Array(0),
    parts,
    literal,
    literalView: new DataView(literal.buffer),
    bounds,
    kinds,
    fields,
    originKeys,
    derivedSlots: Int32Array.from(
      kinds.flatMap((kind, index) => (kind === 'derived-text' || kind === 'derived-json' ? [index] : [])),
      index => index,
    ),
  };
}

/** The inputs of a layout that the mapping read (`reads`, see `tracked`), and the derived values. */
function inputsOf(layout: FlowLogLayout, reads: ReadonlySet<string>, derived: DerivedValues | undefined): Input[] {
  const inputs: Input[] = [];
  layout.fields.forEach((definition, field) => {
    if (!reads.has('record.*') && !reads.has(`record.${definition.key}`)) {
      // Read only to be placed: its presence alone makes the shape.
      if (reads.has(`placed.${definition.key}`)) inputs.push(createInput('field', 'presence', { field }));
      return;
    }
    const shape = definition.shape;
    if (isDecided(layout, field)) inputs.push(createInput('field', 'value', { field }));
    else if (layout.types[field] === typeCodes.address) inputs.push(createInput('field', 'rank', { field }));
    else if (layout.types[field] === typeCodes.string && shape !== undefined && 'oneOf' in shape) {
      const words = shape.oneOf.map(word => encoder.encode(word));
      inputs.push(createInput('field', 'words', { field, words }));
    } else inputs.push(createInput('field', 'presence', { field }));
  });
  if (reads.has('eventTime')) inputs.push(createInput('event-time', 'presence'));
  for (const read of reads)
    if (read.startsWith('origin.'))
      inputs.push(createInput('origin', 'presence', { originKey: read.slice(7) as Input['originKey'] }));
  derived?.keys.forEach((key, index) => {
    inputs.push(createInput('derived', derived.kinds[key] === 'word' ? 'seen' : 'presence', { derived: index }));
  });
  return inputs;
}

/** The JSON cut at each sentinel: fixed texts around slots, or undefined when a sentinel is cut itself. */
function cutAt(json: string, slots: ReadonlyMap<string, SentinelSlot>): Cut | undefined {
  // The longest sentinel that starts here, among those whose first character is
  // here: a text compiles several templates, and trying every sentinel at every
  // character took most of the time a tree of small files spent.
  const byFirst = new Map<number, string[]>();
  for (const text of [...slots.keys()].toSorted((left, right) => right.length - left.length)) {
    const first = text.charCodeAt(0);
    byFirst.set(first, [...(byFirst.get(first) ?? []), text]);
  }
  const literals: string[] = [];
  const kinds: SlotKind[] = [];
  const args: SentinelSlot[1][] = [];
  let literalStart = 0;
  for (let index = 0; index < json.length;) {
    const text = byFirst.get(json.charCodeAt(index))?.find(candidate => json.startsWith(candidate, index));
    if (text === undefined) {
      index++;
      continue;
    }
    const [kind, argument] = slots.get(text)!;
    // A digit sentinel inside a longer number is no slot.
    if (
      (kind === 'digits' || kind === 'derived-number' || kind === 'milliseconds' || kind === 'event-time-ms') &&
      (isDigit(json.charCodeAt(index - 1)) || isDigit(json.charCodeAt(index + text.length)))
    )
      return undefined;
    // A JSON value's slot replaces its sentinel's quotes too; one inside a longer text is no slot.
    const quoted = kind === 'derived-json' ? 1 : 0;
    if (quoted === 1 && (json[index - 1] !== '"' || json[index + text.length] !== '"')) return undefined;
    literals.push(json.slice(literalStart, index - quoted));
    kinds.push(kind);
    args.push(argument);
    index += text.length + quoted;
    literalStart = index;
  }
  literals.push(json.slice(literalStart));
  // Sentinel characters left over: a sentinel was changed, not copied.
  for (const literal of literals)
    for (let index = 0; index < literal.length; index++)
      if (isSentinelCharacter(literal.charCodeAt(index))) return undefined;
  return { literals, kinds, arguments: args };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
