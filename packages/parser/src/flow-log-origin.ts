/**
 * Where records were delivered from: what a file path, an S3 key or a
 * CloudWatch Logs envelope knows that the record itself may not.
 */
export interface FlowLogOrigin {
  /** From an `AWSLogs/…` path or key; used when a record has no `account-id` (both profiles). */
  readonly accountId?: string | undefined;
  /** From an `AWSLogs/…` path or key; used when a record has no `region` (extended profile). */
  readonly region?: string | undefined;
  /** CloudWatch Logs delivery: `aws.cloudwatch.log_group` (extended profile). */
  readonly logGroup?: string | undefined;
  /** CloudWatch Logs delivery: `aws.cloudwatch.log_stream`, the interface id for VPC flow logs (extended profile). */
  readonly logStream?: string | undefined;
  /** S3 delivery: `aws.s3.bucket.name` (extended profile). */
  readonly bucket?: string | undefined;
  /** S3 delivery: `aws.s3.object.key` (extended profile). */
  readonly key?: string | undefined;
}

/**
 * The account and region of a path or S3 key in AWS's flow-log layout:
 * `…/AWSLogs/<account>/vpcflowlogs/<region>/…`, or the Hive-compatible
 * `…/AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/…`
 * (`service=` too); else those of the object's own name, which AWS writes as
 * `<account>_vpcflowlogs_<region>_<flow-log-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`
 * (`.log.parquet`), so a tree synced from below `AWSLogs/` keeps them.
 * Undefined for any other path, and for a name that only looks alike.
 */
export function readAwsLogsPath(path: string): { accountId: string; region: string } | undefined {
  const parts = path.split(/[/\\]/);
  return readAwsLogsFolders(parts) ?? readAwsLogsName(parts[parts.length - 1]!);
}

function readAwsLogsFolders(parts: readonly string[]): { accountId: string; region: string } | undefined {
  const index = parts.lastIndexOf('AWSLogs');
  if (index === -1 || index + 3 >= parts.length) return undefined;
  const account = unprefix(parts[index + 1]!, 'aws-account-id=');
  const service = unprefix(unprefix(parts[index + 2]!, 'aws-service='), 'service=');
  const region = unprefix(parts[index + 3]!, 'aws-region=');
  if (service !== 'vpcflowlogs' || !isAccount(account) || !isRegion(region)) return undefined;
  return { accountId: account, region };
}

// <YYYYMMDDTHHmmZ> and <hash>.log, .log.gz or .log.parquet
const NAME_TIME = /^\d{8}T\d{4}Z$/;
const NAME_END = /^[0-9A-Za-z]+\.log(?:\.gz|\.parquet)?$/;

function readAwsLogsName(name: string): { accountId: string; region: string } | undefined {
  const parts = name.split('_');
  if (parts.length !== 6) return undefined;
  const [account, service, region, flowLogId, time, end] = parts as [string, string, string, string, string, string];
  if (service !== 'vpcflowlogs' || !isAccount(account) || !isRegion(region)) return undefined;
  if (!flowLogId.startsWith('fl-') || !NAME_TIME.test(time) || !NAME_END.test(end)) return undefined;
  return { accountId: account, region };
}

function unprefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function isAccount(text: string): boolean {
  if (text.length !== 12) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

// us-east-1, ap-southeast-2, us-gov-west-1, cn-north-1, us-isob-east-1: a
// two-letter area, words, a number. Each group starts with "-" and holds no
// digit, so the pattern cannot backtrack.
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

function isRegion(text: string): boolean {
  return text.length <= 32 && REGION.test(text);
}
