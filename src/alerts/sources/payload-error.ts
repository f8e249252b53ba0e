import type { z } from 'zod';

/** A webhook body we cannot accept; `field` names what is wrong (answered as 400). */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PayloadError';
  }
}

export function parsePayload<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.') || '(body)';
  const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'required' : issue.message.replace(/^Invalid input: /, '');
  throw new PayloadError(field, message);
}
