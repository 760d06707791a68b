import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** Synthesized offline; the Lambda code is @flowecs/aws's built dist/lambda. */
export function synth(build: (stack: Stack) => void): Template {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
  build(stack);
  return Template.fromStack(stack);
}

export interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

/** Every statement of the roles' policies, with the logical id of the policy. */
export function statements(template: Template): (Statement & { readonly policy: string })[] {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, resource]) =>
    (
      resource as { Properties: { PolicyDocument: { Statement: Statement[] } } }
    ).Properties.PolicyDocument.Statement.map(statement => ({ ...statement, policy })),
  );
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
