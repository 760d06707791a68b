/**
 * The IAM resource pattern for the keys under a prefix: `ecs/*`. Firehose's
 * expressions (`!{timestamp:yyyy}`, `!{firehose:error-output-type}`) match
 * any text, so each becomes `*`. A prefix that would cover the whole bucket
 * (empty, or starting with an expression) is refused: a role writes under
 * its own prefix, never over a bucket it may share.
 */
export function keysUnder(prefix: string, name: string): string {
  const pattern = `${prefix.replace(/!\{[^}]*\}/g, '*')}*`.replace(/\*+/g, '*');
  if (pattern.startsWith('*'))
    throw new RangeError(
      `${name} must start with a fixed part, such as "ecs/", not ${JSON.stringify(prefix)}: it is where the role may write, and it would be the whole bucket.`,
    );
  return pattern;
}
