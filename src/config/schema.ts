import { z } from 'zod';
import { AlertsSection } from './sections/alerts';
import { AuthSection } from './sections/auth';
import { BotSection, HttpSection } from './sections/bot';
import { MonitorsSection } from './sections/monitors';
import { ScalingSection } from './sections/scaling';
import { ServicesSection } from './sections/services';
import { SlackSection } from './sections/slack';

// zod 4's .default() returns the default untouched; .prefault() parses it, so inner defaults apply.
export const ConfigSchema = z.strictObject({
  bot: BotSection.prefault({}),
  http: HttpSection.prefault({}),
  /** Extra scripts: paths (relative to the config file) or npm package names. */
  scripts: z.array(z.string().min(1)).default([]),
  slack: SlackSection.prefault({}),
  services: ServicesSection.prefault({}),
  scaling: ScalingSection.prefault({}),
  monitors: MonitorsSection.prefault([]),
  alerts: AlertsSection.prefault({}),
  auth: AuthSection.prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
