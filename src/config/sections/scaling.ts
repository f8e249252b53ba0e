import { z } from 'zod';

// Owned by the orchestrator (issue 5).
export const ScalingSection = z.strictObject({});
