import type * as z from 'zod/mini';

/**
 * One readable line for a failed parse: the first issue and where it is. Lighter than zod's
 * prettifyError, which would add its formatter to every browser bundle.
 */
export function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  return issue.path.length ? `"${issue.path.join('.')}": ${issue.message}` : issue.message;
}
