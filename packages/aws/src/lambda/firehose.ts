// Lambda entry point for Firehose data transformation: `firehose.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createFirehoseTransformHandler } from '../firehose-transform-handler';
import { atColdStart, loadDatabasesAtColdStart, loadInterfacesAtColdStart, readEnvironment } from './environment';

const { profile, format, filter, databases, interfacesUri, interfacesRefreshSeconds } = readEnvironment(process.env);
// S3 only for the enrichment databases and interfaces, when they are set.
const s3Client =
  databases.geoip === undefined && databases.asn === undefined && interfacesUri === undefined
    ? undefined
    : new S3Client({});
const enrich = s3Client === undefined ? undefined : await loadDatabasesAtColdStart(s3Client, databases);
const interfaces =
  s3Client === undefined
    ? undefined
    : await loadInterfacesAtColdStart(s3Client, interfacesUri, interfacesRefreshSeconds);
export const handler = atColdStart(() =>
  createFirehoseTransformHandler({ profile, format, filter, enrich, interfaces }),
);
