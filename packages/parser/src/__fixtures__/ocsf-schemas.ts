import { Ajv, type ErrorObject } from 'ajv';
import { compileOcsfSchema } from './compile-ocsf-schema';
import { readShared, sharedPath } from './shared-fixtures';

/** One problem a validator found: where, and by which keyword. */
export type SchemaError = `${string} ${string}`;

const describe = (errors: ErrorObject[] | null | undefined): SchemaError[] =>
  (errors ?? []).map(error => `${error.instancePath || '/'} ${error.keyword}` as const);

/**
 * The two validators an OCSF event must pass (needs ../shared): `strict`,
 * compiled from the OCSF 1.1.0 sources for class 4001 with the cloud,
 * datetime and security_control profiles; `aws`, AWS's older compiled schema
 * (no profiles). Each returns the problems it found, none for a valid event.
 */
export function ocsfValidators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const strict = ajv.compile(
    compileOcsfSchema(sharedPath('fixtures/ocsf/schema-1.1.0'), 'network_activity', [
      'cloud',
      'datetime',
      'security_control',
    ]),
  );
  const aws = new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(readShared('fixtures/ocsf/securitylake-1.1.0/network_activity.schema.json')) as object,
  );
  return {
    strict: (event: unknown) => (strict(event) ? [] : describe(strict.errors)),
    aws: (event: unknown) => (aws(event) ? [] : describe(aws.errors)),
  };
}

/** A Security Lake row (decoded JSON) without its nulls: absent values, as the profile leaves them out. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}
