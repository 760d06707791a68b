// Lambda entry point for Firehose data transformation: `firehose.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createFirehoseTransformHandler } from '../firehose-transform-handler';
import { atColdStart, loadDatabasesAtColdStart, readEnvironment } from './environment';

const { profile, format, filter, databases } = readEnvironment(process.env);
// S3 only for the enrichment databases, when they are set.
const enrich =
  databases.geoip === undefined && databases.asn === undefined
    ? undefined
    : await loadDatabasesAtColdStart(new S3Client({}), databases);
export const handler = atColdStart(() => createFirehoseTransformHandler({ profile, format, filter, enrich }));
