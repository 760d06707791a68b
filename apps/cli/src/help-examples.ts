// The examples and exit statuses `flowecs --help` prints after its options.
export const examples = `
Examples:
  # An S3 flow-log file (gzip is detected by content) to NDJSON
  $ flowecs 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz > events.ndjson

  # A whole S3 sync, in order, with a summary and a dead-letter file
  $ aws s3 sync s3://my-bucket/AWSLogs/123456789012/vpcflowlogs/ flowlogs/
  $ flowecs flowlogs/ -o events.ndjson --errors invalid.ndjson --stats

  # Parquet objects (FileFormat=parquet): the columns name the fields
  $ flowecs 123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.parquet

  # CloudWatch Logs has no header line: give the flow log's format. Export
  # files (timestamp-prefixed lines) and CloudWatch → Firehose → S3 objects
  # (gzip envelopes back to back) alike
  $ flowecs --format '\${version} \${vpc-id} \${srcaddr} \${dstaddr} \${srcport} \${dstport} \${protocol} \${action} \${log-status}' 000000.gz
  $ flowecs --format '\${version} \${interface-id} \${srcaddr} \${dstaddr}' firehose/2026/11/30/04/flows-1-2026-11-30-04-00-00-abcd

  # OCSF 1.1.0 Network Activity events, as Amazon Security Lake writes them
  $ flowecs --profile ocsf flows.log.gz -o events.ocsf.ndjson

  # Only the records that matter (the rest are counted as filtered): rejected
  # traffic that is not between two addresses of 10.0.0.0/8
  $ flowecs --where 'action == "REJECT" and not (srcaddr in 10.0.0.0/8 and dstaddr in 10.0.0.0/8)' flowlogs/

  # Standard input, into another tool
  $ zcat flows.log.gz | flowecs | jq -c 'select(.action.name == "reject")'

Exit status: 0 success; 1 an input could not be read to its end, an input
gave no record but invalid lines, the output or the dead-letter file could not
be written, or (with --strict) a line was invalid or a directory walk skipped
a file; 2 a usage error.
`;
