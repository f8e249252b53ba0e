import { z } from 'zod';

// Owned by the alert router (issue 6).
export const AlertsSection = z.strictObject({});
