import type { AuthRule } from '../config/sections/auth';
import { globMatches, literalLength } from './glob';

/** What is being asked for, from the command's own declaration (its spec) and where it came from. */
export interface AccessRequest {
  /** Spec name: "deploy", "scale.mode". */
  command: string;
  target?: string;
  mutates: boolean;
  channel: string;
  /** The channel's name when the chat service names channels by id (Slack). */
  channelName?: string;
}

export interface Decision {
  allowed: boolean;
  /** One line: why, and what would allow it. */
  reason: string;
  /** The rule that decided, e.g. `rule 2 (deploy "* to production")`. */
  rule?: string;
  ruleIndex?: number;
  /** The deciding rule's override of the command's own confirm choice. */
  confirm?: boolean;
  approvers?: number;
}

/**
 * The authorization decision, pure: the most specific rules matching the command (and target)
 * decide — any one of them whose roles and channels fit allows it. Without a matching rule,
 * read-only commands are allowed and commands that change something are denied.
 */
export function decide(request: AccessRequest, rules: readonly AuthRule[], roles: ReadonlySet<string>): Decision {
  const shown = describeRequest(request);
  const matching = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => ruleMatches(rule, request));
  if (matching.length === 0) {
    return request.mutates
      ? { allowed: false, reason: `\`${shown}\` changes something and no auth rule allows it (an admin can add one to auth.rules with command "${request.command}")` }
      : { allowed: true, reason: 'read-only command, open to everyone' };
  }
  const best = Math.max(...matching.map(({ rule }) => specificity(rule)));
  const deciding = matching.filter(({ rule }) => specificity(rule) === best);
  for (const { rule, index } of deciding) {
    if (rule.roles.some((role) => roles.has(role)) && channelAllowed(rule, request)) {
      return { allowed: true, reason: `allowed by ${label(rule, index)}`, rule: label(rule, index), ruleIndex: index, confirm: rule.confirm, approvers: rule.approvers };
    }
  }
  // Explain with the first rule whose roles fit (a channel problem), else the first deciding rule.
  const roleFits = deciding.find(({ rule }) => rule.roles.some((role) => roles.has(role)));
  if (roleFits) {
    const channels = (roleFits.rule.channels ?? []).map((c) => `#${c}`).join(' or ');
    return { allowed: false, reason: `\`${shown}\` is allowed only in ${channels} (${label(roleFits.rule, roleFits.index)})`, rule: label(roleFits.rule, roleFits.index), ruleIndex: roleFits.index };
  }
  const needed = [...new Set(deciding.flatMap(({ rule }) => rule.roles))];
  const first = deciding[0];
  const where = first.rule.channels?.length ? `, in ${first.rule.channels.map((c) => `#${c}`).join(' or ')}` : '';
  return {
    allowed: false,
    reason: `\`${shown}\` needs role ${joinOr(needed)}${where} (${label(first.rule, first.index)})`,
    rule: label(first.rule, first.index),
    ruleIndex: first.index,
  };
}

export function ruleMatches(rule: AuthRule, request: Pick<AccessRequest, 'command' | 'target'>): boolean {
  if (!globMatches(rule.command, request.command)) return false;
  if (rule.target === undefined) return true;
  return request.target !== undefined && globMatches(rule.target, request.target);
}

/** A rule with a target outranks one without; fewer wildcards outrank more. */
function specificity(rule: AuthRule): number {
  return (rule.target === undefined ? 0 : 10_000 + literalLength(rule.target)) + literalLength(rule.command);
}

function channelAllowed(rule: AuthRule, request: AccessRequest): boolean {
  if (!rule.channels?.length) return true;
  const here = [request.channel, request.channelName].filter(Boolean).map((c) => String(c).toLowerCase());
  return rule.channels.some((channel) => here.includes(channel.toLowerCase()));
}

export function label(rule: AuthRule, index: number): string {
  return `rule ${index + 1}: ${rule.command}${rule.target ? ` "${rule.target}"` : ''}`;
}

export function describeRequest(request: Pick<AccessRequest, 'command' | 'target'>): string {
  const text = `${request.command.replace(/\./g, ' ')}${request.target ? ` ${request.target}` : ''}`.replace(/`/g, "'");
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function joinOr(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * For `help`: may the user run this command for at least some target? Target-specific rules count
 * as long as their roles and channels fit, so a deployer to staging sees `deploy` as available.
 */
export function decideAnyTarget(request: Omit<AccessRequest, 'target'>, rules: readonly AuthRule[], roles: ReadonlySet<string>): Decision {
  const matching = rules.map((rule, index) => ({ rule, index })).filter(({ rule }) => globMatches(rule.command, request.command));
  if (matching.length === 0) return request.mutates ? { allowed: false, reason: 'no auth rule allows it' } : { allowed: true, reason: 'read-only command, open to everyone' };
  const fits = matching.find(({ rule }) => rule.roles.some((role) => roles.has(role)) && channelAllowed(rule, request));
  if (fits) return { allowed: true, reason: `allowed by ${label(fits.rule, fits.index)}`, rule: label(fits.rule, fits.index), ruleIndex: fits.index };
  return { allowed: false, reason: `needs role ${joinOr([...new Set(matching.flatMap(({ rule }) => rule.roles))])}` };
}
