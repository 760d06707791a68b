import { EcsFlat } from '@elastic/ecs';
import { describe, expect, test } from 'vitest';
import { corpus } from '../__fixtures__/corpus';
import { leaves, parseBoth } from '../__fixtures__/both-profiles';
import { isFlowLogAddress } from '../is-flow-log-address';
import { ECS_VERSION } from './extended';

const records = corpus();

// ECS fields the contract requires that ECS does not define, or whose value
// ECS does not allow. The contract (the seed samples) wins for these only.
const contractExceptions: Record<string, string> = {
  'action.name': "the contract's `action` field set is not part of ECS",
  'action.outcome': "the contract's `action` field set is not part of ECS",
  'action.target': "the contract's `action` field set is not part of ECS",
  'action.type': "the contract's `action` field set is not part of ECS",
  'event.outcome': "the contract writes the log status (ok, nodata, skipdata), not ECS's success/failure/unknown",
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function checkEcsLeaf(path: string, value: unknown): string | undefined {
  const definition = (
    EcsFlat as Record<string, { type: string; normalize: string[]; allowed_values?: { name: string }[] }>
  )[path];
  if (definition === undefined) return `${path} is not an ECS field`;
  const values = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && !definition.normalize.includes('array'))
    return `${path} is an array but ECS does not say array`;
  for (const item of values) {
    switch (definition.type) {
      case 'keyword':
      case 'constant_keyword':
      case 'wildcard':
      case 'match_only_text':
      case 'text':
        if (typeof item !== 'string' || item === '' || item === '-')
          return `${path} must be a non-empty keyword, got ${JSON.stringify(item)}`;
        break;
      case 'long':
      case 'integer':
        if (!Number.isSafeInteger(item)) return `${path} must be an integer, got ${JSON.stringify(item)}`;
        break;
      case 'ip':
        if (typeof item !== 'string' || !isFlowLogAddress(item))
          return `${path} must be an IP, got ${JSON.stringify(item)}`;
        break;
      case 'date':
        if (typeof item !== 'string' || !ISO_DATE.test(item))
          return `${path} must be an ISO 8601 date, got ${JSON.stringify(item)}`;
        break;
      default:
        return `${path} has ECS type ${definition.type}, which this test does not know`;
    }
    if (definition.allowed_values !== undefined && !definition.allowed_values.some(allowed => allowed.name === item)) {
      return `${path} = ${JSON.stringify(item)} is not an allowed value`;
    }
  }
  return undefined;
}

describe('ECS conformance (official schema, @elastic/ecs)', () => {
  test('ECS_VERSION is the version of the schema we check against', async () => {
    const { EcsVersion } = await import('@elastic/ecs');
    expect(ECS_VERSION).toBe(EcsVersion);
  });

  test.each(records)('$origin, both profiles', record => {
    const problems: string[] = [];
    for (const event of Object.values(parseBoth(record))) {
      for (const [path, value] of leaves(event)) {
        if (path.startsWith('aws.')) {
          if (value === '-') problems.push(`${path} is "-"`);
          continue;
        }
        const problem = checkEcsLeaf(path, value);
        if (problem !== undefined && contractExceptions[path] === undefined) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the exceptions are real: each breaks ECS without the allowlist', () => {
    const { standard } = parseBoth({
      text: '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    });
    for (const path of Object.keys(contractExceptions)) {
      const value = leaves(standard).find(([candidate]) => candidate === path)?.[1];
      expect(checkEcsLeaf(path, value), path).toBeDefined();
    }
  });

  test('categorisation fields take only ECS allowed values', () => {
    for (const record of records) {
      const { extended } = parseBoth(record);
      expect(checkEcsLeaf('event.kind', extended['event']['kind'])).toBeUndefined();
      expect(checkEcsLeaf('event.category', extended['event']['category'])).toBeUndefined();
      expect(checkEcsLeaf('event.type', extended['event']['type'])).toBeUndefined();
    }
  });
});
