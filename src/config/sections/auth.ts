import { z } from 'zod';

// Owned by authorization (issue 7).
export const AuthSection = z.strictObject({});
