import type { z } from 'zod';

/** Every bad key path with its reason, so one run of the bot lists all that is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Array<{ path: string; message: string }>,
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function problemsFromZod(error: z.ZodError): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: path ? `${path}.${key}` : key, message: 'unknown key' });
      continue;
    }
    problems.push({ path: path || '(root)', message: friendlyMessage(issue) });
  }
  return problems;
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  // zod's default for a missing key reads "expected string, received undefined".
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `required (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined/, '')})`;
  return issue.message.replace(/^Invalid input: /, '');
}
