import { z } from 'zod';

// Owned by the monitor (issue 6).
export const MonitorsSection = z.array(z.strictObject({}));
