// Lambda entry point for CloudWatch Logs subscriptions: `cloudwatch.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createCloudWatchLogsHandler } from '../cloudwatch-logs-handler';
import { atColdStart, loadDatabasesAtColdStart, readEnvironment } from './environment';

const { databases, ...settings } = readEnvironment(process.env);
const s3Client = new S3Client({});
const enrich = await loadDatabasesAtColdStart(s3Client, databases);
export const handler = atColdStart(() =>
  createCloudWatchLogsHandler({ ...settings, enrich, output: settings.output!, s3Client }),
);
