import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Dev tooling: a JSON Schema (draft-07, for ajv) for one OCSF event class
// with chosen profiles, compiled from the OCSF schema sources (the
// ocsf/ocsf-schema repository's dictionary, objects, events, profiles and
// includes). It states what a strict OCSF validator checks: required
// attributes, no unknown ones, types (with the dictionary's patterns, lengths
// and ranges), enums, object constraints (`at_least_one`, `just_one`) and
// the `_dt` siblings of the datetime profile.

type Json = Record<string, unknown>;
interface Attribute {
  requirement?: string;
  type?: string;
  is_array?: boolean;
  enum?: Record<string, unknown>;
  /** Set by the compiler: the profile an attribute came from, if any. */
  profile?: string | undefined;
}
interface Definition {
  name: string;
  extends?: string;
  uid?: number;
  category?: string;
  attributes: Record<string, Attribute>;
  constraints?: { at_least_one?: string[]; just_one?: string[] } | undefined;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Json;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith('.json')
        ? [join(dir, entry.name)]
        : [],
  );

/** Compiles the schema of class `className` (`network_activity`) with `profiles` from the sources in `root`. */
export function compileOcsfSchema(root: string, className: string, profiles: readonly string[]): Json {
  const dictionary = readJson(join(root, 'dictionary.json')) as {
    attributes: Record<string, Attribute>;
    types: { attributes: Record<string, Json> };
  };
  const byName = (dir: string) =>
    new Map(filesUnder(join(root, dir)).map(path => [(readJson(path) as { name: string }).name, path]));
  const objects = byName('objects');
  const events = byName('events');
  const categories = (readJson(join(root, 'categories.json')) as { attributes: Record<string, { uid: number }> })
    .attributes;
  const selected = new Set(profiles);

  /** A definition's attributes: its parents' first, then its includes, then its own (deep-merged). */
  function resolve(paths: ReadonlyMap<string, string>, name: string): Definition {
    const path = paths.get(name);
    if (path === undefined) throw new Error(`OCSF: no definition named ${name}`);
    const own = readJson(path) as unknown as Definition;
    const parent = own.extends === undefined ? undefined : resolve(paths, own.extends);
    const attributes: Record<string, Attribute> = { ...parent?.attributes };
    const { $include, ...direct } = own.attributes as Record<string, Attribute> & { $include?: string[] };
    for (const include of $include ?? []) {
      const profile = include.startsWith('profiles/')
        ? (readJson(join(root, include)) as { name: string }).name
        : undefined;
      const included = (readJson(join(root, include)) as { attributes: Record<string, Attribute> }).attributes;
      for (const [key, value] of Object.entries(included))
        attributes[key] = merge(attributes[key], { ...value, profile });
    }
    for (const [key, value] of Object.entries(direct))
      attributes[key] = merge(attributes[key], { ...value, profile: undefined });
    // Attributes of profiles the event does not apply are not part of it.
    for (const [key, value] of Object.entries(attributes))
      if (value.profile !== undefined && !selected.has(value.profile)) delete attributes[key];
    return { ...parent, ...own, attributes, constraints: own.constraints ?? parent?.constraints };
  }

  /** A base type's JSON Schema: the dictionary's type chain down to a primitive, with its pattern, length and range. */
  function typeSchema(type: string): Json {
    // `object` as a type is any object (`unmapped`), not the empty base object.
    if (type === 'object') return { type: 'object' };
    if (objects.has(type)) return { $ref: `#/definitions/${type}` };
    const primitive: Record<string, Json> = {
      string_t: { type: 'string' },
      integer_t: { type: 'integer' },
      long_t: { type: 'integer' },
      float_t: { type: 'number' },
      boolean_t: { type: 'boolean' },
      json_t: {},
    };
    const known = dictionary.types.attributes[type];
    if (known === undefined) throw new Error(`OCSF: unknown type ${type}`);
    const base = primitive[type] ?? typeSchema(known['type'] as string);
    const schema: Json = { ...base };
    if (typeof known['regex'] === 'string') schema['pattern'] = known['regex'];
    if (typeof known['max_len'] === 'number') schema['maxLength'] = known['max_len'];
    if (Array.isArray(known['range'])) [schema['minimum'], schema['maximum']] = known['range'] as number[];
    return schema;
  }

  const definitions: Record<string, Json> = {};
  /** An object's schema, compiled once (objects refer to each other, and to themselves). */
  function objectSchema(name: string): void {
    if (name in definitions) return;
    definitions[name] = {};
    definitions[name] = definitionSchema(resolve(objects, name), {});
  }

  /** The schema of a class or object: its attributes, the datetime siblings, required ones, constraints. */
  function definitionSchema(definition: Definition, enums: Record<string, unknown[]>): Json {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (const [key, attribute] of Object.entries(definition.attributes)) {
      const known = dictionary.attributes[key];
      if (known === undefined) throw new Error(`OCSF: ${definition.name}.${key} is not in the dictionary`);
      const type = attribute.type ?? known.type!;
      if (type !== 'object' && objects.has(type)) objectSchema(type);
      let schema = typeSchema(type);
      // An enum given where the attribute is used replaces the dictionary's (security_control drops 99).
      const values = enums[key] ?? Object.keys(attribute.enum ?? known.enum ?? {});
      if (values.length > 0)
        schema = { ...schema, enum: values.map(value => (schema['type'] === 'integer' ? Number(value) : value)) };
      properties[key] = (attribute.is_array ?? known.is_array) === true ? { type: 'array', items: schema } : schema;
      if (attribute.requirement === 'required') required.push(key);
      if (selected.has('datetime') && type === 'timestamp_t') properties[`${key}_dt`] = typeSchema('datetime_t');
    }
    const schema: Json = { type: 'object', properties, required, additionalProperties: false };
    const { at_least_one: atLeastOne, just_one: justOne } = definition.constraints ?? {};
    if (atLeastOne !== undefined) schema['anyOf'] = atLeastOne.map(key => ({ required: [key] }));
    if (justOne !== undefined) schema['oneOf'] = justOne.map(key => ({ required: [key] }));
    return schema;
  }

  const eventClass = resolve(events, className);
  const categoryUid = categories[eventClass.category!]!.uid;
  const classUid = categoryUid * 1000 + eventClass.uid!;
  const activities = Object.keys(eventClass.attributes['activity_id']!.enum!).map(Number);
  const schema = definitionSchema(eventClass, {
    category_uid: [categoryUid],
    class_uid: [classUid],
    type_uid: activities.map(activity => classUid * 100 + activity),
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `OCSF ${className} (${classUid}) with profiles ${profiles.join(', ')}`,
    ...schema,
    definitions,
  };
}

/** `into` with `from` merged over it; enums merged key by key; a profile's only when every source is one. */
function merge(into: Attribute | undefined, from: Attribute): Attribute {
  if (into === undefined) return from;
  const merged = { ...into, ...from, profile: into.profile === undefined ? undefined : from.profile };
  if (into.enum !== undefined && from.enum !== undefined) merged.enum = { ...into.enum, ...from.enum };
  return merged;
}
