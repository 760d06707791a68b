// Types for the tests that reuse the load run's s3rver client settings (s3rver-client.mjs).
export declare function s3rverClientConfig(endpoint: string): {
  readonly endpoint: string;
  readonly region: 'us-east-1';
  readonly forcePathStyle: true;
  readonly credentials: { readonly accessKeyId: 'S3RVER'; readonly secretAccessKey: 'S3RVER' };
  readonly requestChecksumCalculation: 'WHEN_REQUIRED';
  readonly responseChecksumValidation: 'WHEN_REQUIRED';
};
export declare function s3rverEnvironment(endpoint: string): Record<string, string>;
