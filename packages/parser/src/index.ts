export { createParser } from './create-parser';
export type {
  FlowLogBytesResult,
  FlowLogParser,
  FlowLogParseResult,
  MessageContext,
  ParserCheckpoint,
  LogStatus,
} from './flow-log-parser';
export { decodeCloudWatchEnvelope, MAX_ENVELOPE_LENGTH } from './cloudwatch-envelope';
export type { CloudWatchEnvelope, CloudWatchLogEvent } from './cloudwatch-envelope';
export { readAwsLogsPath } from './flow-log-origin';
export type { FlowLogOrigin } from './flow-log-origin';
export type { FlowLogValue } from './decode-token';
export { fieldWords, findFlowLogField, flowLogFields } from './flow-log-fields';
export type { FlowLogFieldDefinition, FlowLogFieldType } from './flow-log-fields';
export { publishedLayouts } from './flow-log-layout';
export { FlowLogParseError, flowLogErrorCodes } from './flow-log-parse-error';
export type { FlowLogErrorCode, FlowLogParseErrorDetails } from './flow-log-parse-error';
export type { FlowLogRecord } from './flow-log-record';
export { defineProfile } from './define-profile';
export type {
  Derivation,
  DerivedKind,
  DerivedView,
  EnrichmentPlacement,
  MappingInput,
  Placed,
  ProfileDefinition,
  ProfileRecord,
  Slot,
} from './define-profile';
export { mapRecord, mapExtendedRecord } from './map-record';
export { profiles } from './profiles';
export { ECS_VERSION } from './profiles/extended';
export { encryptionStatusNames, trafficPathNames } from './profiles/extended-fields';
export { parseFormat } from './parse-format';
export type { FlowLogFormat } from './parse-format';
export { parseRecord } from './parse-record';
export { parseFilter } from './filter/parse-filter';
export type { AddressRange, FilterNode, FlowLogFilter } from './filter/parse-filter';
export type { FlowLogEnrichment, IpDatabase } from './enrich/ip-database';
export type { AddressFacts, EnrichedEndpoint, EnrichmentView } from './enrich/enriched-values';
export { PlacedJson } from './placed-json';
export {
  NetworkInterfacesError,
  networkInterfacesErrorCodes,
  readNetworkInterfaces,
} from './enrich/network-interfaces';
export type { NetworkInterface, NetworkInterfaceGroup, NetworkInterfaces } from './enrich/network-interfaces';
export { FilterSyntaxError } from './filter/filter-tokens';
export type { FlowLogParserOptions, FlowLogParserProfile } from './resolve-options';
export type { FlowLogProfile } from './map-with-profile';
export type {
  AwsVpcFlowFields,
  ExtendedFlowLogEvent,
  FlowLogEvent,
  FlowLogStatusEvent,
  FlowLogTrafficEvent,
} from '@flowecs/ecs-types';
