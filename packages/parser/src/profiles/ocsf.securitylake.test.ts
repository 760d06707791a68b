import { describe, expect, test } from 'vitest';
import { createParser } from '../create-parser';
import { NdjsonWriter } from '../ndjson-writer';
import { ocsfValidators, withoutNulls } from '../__fixtures__/ocsf-schemas';
import { announceSharedSkip, hasShared, readShared } from '../__fixtures__/shared-fixtures';
import { boundaries } from './ocsf';

// The contract of the OCSF profile: Amazon Security Lake's own rows for
// three v5 records (../shared/fixtures/ocsf/securitylake-1.1.0), and the
// OCSF 1.1.0 schema they are checked against.
announceSharedSkip('OCSF profile against Security Lake rows and the OCSF 1.1.0 schema');
const directory = 'fixtures/ocsf/securitylake-1.1.0';
const cases = [
  { index: 0, name: 'REJECT ingress' },
  { index: 1, name: 'ACCEPT egress' },
  { index: 3, name: 'NODATA' },
] as const;
type Json = Record<string, any>;
const input = (index: number) => JSON.stringify(JSON.parse(readShared(`${directory}/vpc_flow-input${index}.json`)));
const row = (index: number) =>
  withoutNulls(JSON.parse(readShared(`${directory}/vpc_flow-output${index}.decoded.json`))[0]) as Json;

/**
 * Where the profile yields to the schema: the NODATA row's `action_id` 99
 * (security_control allows 0, 1 and 2) is 0 Unknown, and its addresses `-`
 * (`ip_t` refuses them) are left out. docs/ocsf.md names both.
 */
function schemaWins(expected: Json): Json {
  const fixed = structuredClone(expected);
  if (fixed['action_id'] === 99) fixed['action_id'] = 0;
  for (const side of ['src_endpoint', 'dst_endpoint']) if (fixed[side].ip === '-') delete fixed[side].ip;
  return fixed;
}

/** The event for `line` as an object, as JSON and as NDJSON (by template when the line is text). */
function outputs(line: string, format?: string) {
  const options = { profile: 'ocsf' as const, ...(format === undefined ? {} : { format }) };
  const object = createParser(options).parse(line);
  const json = createParser(options).parseToJson(line);
  const out = new NdjsonWriter(64);
  const bytes = new TextEncoder().encode(line);
  const written = createParser(options).parseBytesInto(bytes, 0, bytes.length, out);
  if (object.kind !== 'event' || json.kind !== 'event' || written.kind !== 'event')
    throw new Error(`not an event: ${line}`);
  return {
    object: object.event as Json,
    json: JSON.parse(json.event) as Json,
    ndjson: JSON.parse(new TextDecoder().decode(out.view())) as Json,
  };
}

describe.skipIf(!hasShared)('the OCSF 1.1.0 schema compiled from its sources', () => {
  const validators = hasShared ? ocsfValidators() : undefined!;

  test.each(cases.slice(0, 2))("Security Lake's $name row is valid", ({ index }) => {
    expect(validators.strict(row(index))).toEqual([]);
    expect(validators.aws(row(index))).toEqual([]);
  });

  test("Security Lake's NODATA row fails on exactly the two documented values", () => {
    expect(validators.strict(row(3)).toSorted()).toEqual([
      '/action_id enum',
      '/dst_endpoint/ip pattern',
      '/src_endpoint/ip pattern',
    ]);
    expect(validators.strict(schemaWins(row(3)))).toEqual([]);
  });

  test('it refuses what a strict validator refuses', () => {
    const valid = row(1);
    const broken = (change: (event: Json) => void) => {
      const event = structuredClone(valid);
      change(event);
      return validators.strict(event);
    };
    expect(broken(event => delete event['time'])).toEqual(['/ required']);
    expect(broken(event => (event['color'] = 'red'))).toEqual(['/ additionalProperties']);
    expect(broken(event => (event['src_endpoint'].mac_address = 'x'))).toEqual(['/src_endpoint additionalProperties']);
    expect(broken(event => (event['dst_endpoint'] = { port: 1 }))).toContain('/dst_endpoint anyOf');
    expect(broken(event => (event['src_endpoint'].port = 70000))).toEqual(['/src_endpoint/port maximum']);
    expect(broken(event => (event['time_dt'] = '2022-04-12 00:02:12'))).toEqual(['/time_dt pattern']);
    expect(broken(event => (event['type_uid'] = 400107))).toEqual(['/type_uid enum']);
    expect(broken(event => (event['class_uid'] = 4002))).toEqual(['/class_uid enum']);
    expect(broken(event => (event['connection_info'].direction_id = 4))).toEqual([
      '/connection_info/direction_id enum',
    ]);
    expect(broken(event => delete event['connection_info'].direction_id)).toEqual(['/connection_info required']);
    expect(broken(event => (event['metadata'].product.vendor_name = 7))).toEqual([
      '/metadata/product/vendor_name type',
    ]);
    // The cloud profile's attribute is part of the event; the host profile's is not.
    expect(broken(event => delete event['cloud'])).toEqual(['/ required']);
    expect(broken(event => (event['device'] = { type_id: 1 }))).toEqual(['/ additionalProperties']);
  });

  test('the captions the profile writes are the schema’s', () => {
    const dictionary = JSON.parse(readShared('fixtures/ocsf/schema-1.1.0/dictionary.json')) as Json;
    const captions = (name: string) => dictionary['attributes'][name].enum as Record<string, { caption: string }>;
    for (const [id, caption] of boundaries) expect(captions('boundary_id')[id]?.caption).toBe(caption);
    expect(captions('direction_id')[1]?.caption).toBe('Inbound');
    expect(captions('direction_id')[2]?.caption).toBe('Outbound');
    expect(captions('direction_id')[0]?.caption).toBe('Unknown');
    const activities = JSON.parse(
      readShared('fixtures/ocsf/schema-1.1.0/includes/network/network_activities.json'),
    ) as Json;
    expect(activities['attributes'].activity_id.enum[5].caption).toBe('Refuse');
    expect(activities['attributes'].activity_id.enum[6].caption).toBe('Traffic');
  });
});

describe.skipIf(!hasShared)("the OCSF profile is Security Lake's rows", () => {
  test.each(cases)('$name: objects, JSON and NDJSON equal the row (the schema winning where it must)', ({ index }) => {
    const expected = schemaWins(row(index));
    const { object, json, ndjson } = outputs(input(index));
    expect(object).toEqual(expected);
    expect(json).toEqual(expected);
    expect(ndjson).toEqual(expected);
  });

  test.each(cases.slice(0, 2))('$name as a text record (NDJSON by template) is the row too', ({ index }) => {
    const record = JSON.parse(input(index)) as Json;
    const keys = Object.keys(record).toSorted();
    const line = keys.map(key => String(record[key])).join(' ');
    const format = keys.map(key => `\${${key.replaceAll('_', '-')}}`).join(' ');
    const { object, ndjson } = outputs(line, format);
    expect(object).toEqual(row(index));
    expect(ndjson).toEqual(row(index));
  });

  test('as a text record, NODATA keeps the traffic path Security Lake had as null: `-`, boundary "-"', () => {
    const record = JSON.parse(input(3)) as Json;
    const keys = Object.keys(record).toSorted();
    const line = keys.map(key => (record[key] === null ? '-' : String(record[key]))).join(' ');
    const format = keys.map(key => `\${${key.replaceAll('_', '-')}}`).join(' ');
    const expected = schemaWins(row(3));
    expected['connection_info'].boundary = '-';
    expect(outputs(line, format).ndjson).toEqual(expected);
  });
});
