import { describe, expect, test } from 'vitest';
import * as framing from './framing';
import * as main from './index';
import * as ndjson from './ndjson';
import * as parquet from './parquet';

// The main entry holds what users call; what only the other flowecs packages
// use lives on documented subpaths (package.json `exports`, tsup entries).
describe('the public API', () => {
  const plumbing = {
    ndjson: ['NdjsonWriter'],
    framing: ['LineSplitter', 'createJsonObjectSplitter', 'splitJsonObjects', 'FrameSplitter', 'describeValue'],
    parquet: ['writeParquetRow', 'formatParquetRow', 'parquetHeader'],
  };

  test('the main entry exports no plumbing', () => {
    expect(Object.keys(main).filter(name => Object.values(plumbing).flat().includes(name))).toEqual([]);
  });

  test('each subpath exports its plumbing, and only that', () => {
    expect(Object.keys(ndjson).toSorted()).toEqual(plumbing.ndjson.toSorted());
    expect(Object.keys(framing).toSorted()).toEqual(plumbing.framing.toSorted());
    expect(Object.keys(parquet).toSorted()).toEqual(plumbing.parquet.toSorted());
  });

  test('the main entry: parsing, profiles, errors, the field catalogue', () => {
    expect(Object.keys(main).toSorted()).toEqual(
      [
        'ECS_VERSION',
        'FilterSyntaxError',
        'FlowLogParseError',
        'createParser',
        'decodeCloudWatchEnvelope',
        'defineProfile',
        'encryptionStatusNames',
        'fieldWords',
        'findFlowLogField',
        'flowLogErrorCodes',
        'flowLogFields',
        'MAX_ENVELOPE_LENGTH',
        'NetworkInterfacesError',
        'PlacedJson',
        'networkInterfacesErrorCodes',
        'mapExtendedRecord',
        'mapRecord',
        'parseFilter',
        'parseFormat',
        'parseRecord',
        'profiles',
        'publishedLayouts',
        'readAwsLogsPath',
        'readNetworkInterfaces',
        'trafficPathNames',
      ].toSorted(),
    );
  });
});
