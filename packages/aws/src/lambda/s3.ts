// Lambda entry point for S3 objects (SQS, EventBridge or S3 events): `s3.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectHandler } from '../s3-object-handler';
import { atColdStart, loadDatabasesAtColdStart, loadInterfacesAtColdStart, readEnvironment } from './environment';

const { databases, interfacesUri, interfacesRefreshSeconds, ...settings } = readEnvironment(process.env);
const s3Client = new S3Client({});
const enrich = await loadDatabasesAtColdStart(s3Client, databases);
const interfaces = await loadInterfacesAtColdStart(s3Client, interfacesUri, interfacesRefreshSeconds);
export const handler = atColdStart(() =>
  createS3ObjectHandler({ ...settings, enrich, interfaces, output: settings.output!, s3Client }),
);
