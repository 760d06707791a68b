// S3 client settings for s3rver (the load run and the @flowecs/aws tests):
// path-style addressing, its fixed credentials, checksums only where required.
export function s3rverClientConfig(endpoint) {
  return {
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
