import { flowLogFields, type FlowLogFieldKey } from '../flow-log-fields';

/**
 * The record fields the OCSF profile gives an OCSF home (`ocsf.ts`). Every
 * other catalogue field goes to `unmapped` under its underscore name, as
 * Security Lake does; `ocsf.test.ts` checks that the mapping reads exactly
 * these outside `unmapped`.
 */
export const ocsfHomeKeys: ReadonlySet<FlowLogFieldKey> = new Set<FlowLogFieldKey>([
  'version',
  'account_id',
  'interface_id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log_status',
  'vpc_id',
  'subnet_id',
  'instance_id',
  'tcp_flags',
  'type',
  'pkt_srcaddr',
  'pkt_dstaddr',
  'region',
  'az_id',
  'pkt_src_aws_service',
  'pkt_dst_aws_service',
  'flow_direction',
  'traffic_path',
  'tgw_src_vpc_id',
  'tgw_dst_vpc_id',
  'tgw_src_subnet_id',
  'tgw_dst_subnet_id',
  'tgw_src_eni',
  'tgw_dst_eni',
  'tgw_src_az_id',
  'tgw_dst_az_id',
]);

/** The fields kept under `unmapped`, sorted by key, and whether each is text (a number's `-` is left out). */
export const ocsfUnmappedFields: readonly (readonly [key: FlowLogFieldKey, isText: boolean])[] = flowLogFields
  .filter(field => !ocsfHomeKeys.has(field.key as FlowLogFieldKey))
  .map(field => [field.key as FlowLogFieldKey, field.type !== 'integer' && field.type !== 'timestamp'] as const)
  .toSorted(([left], [right]) => (left < right ? -1 : 1));
