// Lambda entry point for S3 objects (SQS, EventBridge or S3 events): `s3.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectHandler } from '../s3-object-handler';
import { atColdStart, readEnvironment } from './environment';

const settings = readEnvironment(process.env);
export const handler = atColdStart(() =>
  createS3ObjectHandler({ ...settings, output: settings.output!, s3Client: new S3Client({}) }),
);
