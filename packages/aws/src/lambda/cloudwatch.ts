// Lambda entry point for CloudWatch Logs subscriptions: `cloudwatch.handler`.
import { S3Client } from '@aws-sdk/client-s3';
import { createCloudWatchLogsHandler } from '../cloudwatch-logs-handler';
import { atColdStart, loadDatabasesAtColdStart, loadInterfacesAtColdStart, readEnvironment } from './environment';

const { databases, interfacesUri, interfacesRefreshSeconds, ...settings } = readEnvironment(process.env);
const s3Client = new S3Client({});
const enrich = await loadDatabasesAtColdStart(s3Client, databases);
const interfaces = await loadInterfacesAtColdStart(s3Client, interfacesUri, interfacesRefreshSeconds);
export const handler = atColdStart(() =>
  createCloudWatchLogsHandler({ ...settings, enrich, interfaces, output: settings.output!, s3Client }),
);
