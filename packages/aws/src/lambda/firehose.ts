// Lambda entry point for Firehose data transformation: `firehose.handler`.
import { createFirehoseTransformHandler } from '../firehose-transform-handler';
import { atColdStart, readEnvironment } from './environment';

const { profile, format, filter } = readEnvironment(process.env);
export const handler = atColdStart(() => createFirehoseTransformHandler({ profile, format, filter }));
