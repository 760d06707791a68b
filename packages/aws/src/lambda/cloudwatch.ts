// Lambda entry point for CloudWatch Logs subscriptions: `cloudwatch.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createCloudWatchLogsHandler } from '../cloudwatch-logs-handler';
import { atColdStart, readEnvironment } from './environment';

const settings = readEnvironment(process.env);
export const handler = atColdStart(() =>
  createCloudWatchLogsHandler({ ...settings, output: settings.output!, s3Client: new S3Client({}) }),
);
