import type { GroupConfig } from '../config/sections/scaling';
import type { PolicySettings } from './policy';

export function policySettings(config: GroupConfig): PolicySettings {
  return {
    min: config.min,
    max: config.max,
    high: config.high,
    low: config.low,
    step: config.step,
    target: config.target,
    cooldownMs: config.cooldown,
    warmupMs: config.warmup,
    minReporting: config.minReporting,
    protected: config.protected,
  };
}
