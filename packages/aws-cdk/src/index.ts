export { FlowEcsFirehoseTransform } from './flow-ecs-firehose-transform';
export type { FlowEcsFirehoseTransformProps } from './flow-ecs-firehose-transform';
export { FlowEcsS3Pipeline } from './flow-ecs-s3-pipeline';
export type { FlowEcsS3PipelineProps } from './flow-ecs-s3-pipeline';
export { flowEcsLambdaCode } from './flow-ecs-function';
export type { DatabaseObject, EnrichmentDatabases } from './flow-ecs-function';
