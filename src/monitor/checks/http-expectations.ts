import { readJsonPath } from '../json-path';
import { formatSeconds } from './describe-failure';

export interface HttpExpectations {
  status: number[];
  contains?: string;
  json?: { path: string; equals: string | number | boolean | null };
  maxLatency?: number;
  certDays?: number;
}

export interface HttpAnswer {
  status: number;
  /** Read only when contains/json ask for it. */
  body?: string;
  latencyMs: number;
  /** https: the certificate's notAfter (ms since the epoch). */
  certValidTo?: number;
  now: number;
}

const DAY = 86_400_000;

/** Judges an answer; the first unmet expectation becomes the reason, in a few words. */
export function evaluateHttp(answer: HttpAnswer, expect: HttpExpectations): { ok: boolean; reason?: string; detail?: string } {
  if (!expect.status.includes(answer.status)) return { ok: false, reason: String(answer.status) };
  if (expect.certDays !== undefined && answer.certValidTo !== undefined) {
    const daysLeft = (answer.certValidTo - answer.now) / DAY;
    if (daysLeft <= expect.certDays) {
      const when = new Date(answer.certValidTo).toISOString().slice(0, 10);
      return { ok: false, reason: daysLeft <= 0 ? `certificate expired on ${when}` : `certificate expires in ${plural(Math.floor(daysLeft), 'day')} (${when}), wanted more than ${expect.certDays}` };
    }
  }
  if (expect.contains !== undefined && !(answer.body ?? '').includes(expect.contains)) return { ok: false, reason: `${answer.status} but the body does not contain ${JSON.stringify(expect.contains)}` };
  if (expect.json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body ?? '');
    } catch {
      return { ok: false, reason: `${answer.status} but the body is not JSON` };
    }
    const found = readJsonPath(parsed, expect.json.path);
    if (!found.found) return { ok: false, reason: `${answer.status} but the JSON has no ${expect.json.path}` };
    if (!Object.is(found.value, expect.json.equals)) {
      return { ok: false, reason: `${expect.json.path} is ${shortJson(found.value)}, expected ${JSON.stringify(expect.json.equals)}` };
    }
  }
  if (expect.maxLatency !== undefined && answer.latencyMs > expect.maxLatency) {
    return { ok: false, reason: `slow: ${formatSeconds(Math.round(answer.latencyMs))} > ${formatSeconds(expect.maxLatency)}` };
  }
  return { ok: true, detail: String(answer.status) };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
