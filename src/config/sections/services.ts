import { z } from 'zod';
import { safeName } from '../types';

// Owned by the deployer (issue 4).
export const ServicesSection = z.record(safeName, z.strictObject({}));
