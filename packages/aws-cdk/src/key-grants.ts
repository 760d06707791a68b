import { PolicyStatement, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/** Objects encrypted with this key are read: `kms:Decrypt` on it, nothing else. */
export function grantObjectDecrypt(key: IKey | undefined, grantee: IGrantable): void {
  if (key === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] }),
  );
}

/**
 * Objects are written encrypted with this key: `kms:GenerateDataKey` for
 * each object, and `kms:Decrypt`, which S3 needs to complete a multipart
 * upload. With `conditions`, only for S3 and only for these objects.
 */
export function grantObjectEncrypt(
  key: IKey | undefined,
  grantee: IGrantable,
  conditions?: Record<string, Record<string, unknown>>,
): void {
  if (key === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      ...(conditions === undefined ? {} : { conditions }),
    }),
  );
}

/**
 * S3 sends event notifications to a queue encrypted with this key: the key's
 * policy lets S3 `kms:GenerateDataKey` and `kms:Decrypt` for this bucket's
 * notifications only. A key imported from another stack or account keeps its
 * policy: add this statement to it there (see the README).
 */
export function allowNotificationsWith(key: IKey | undefined, bucketArn: string): void {
  key?.addToResourcePolicy(
    new PolicyStatement({
      principals: [new ServicePrincipal('s3.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { ArnLike: { 'aws:SourceArn': bucketArn } },
    }),
  );
}
