// Lambda entry point for Firehose data transformation: `firehose.handler`.
import { createFirehoseTransformHandler } from '../firehose-transform-handler';
import { atColdStart, readEnvironment } from './environment';

const { profile, format } = readEnvironment(process.env);
export const handler = atColdStart(() => createFirehoseTransformHandler({ profile, format }));
