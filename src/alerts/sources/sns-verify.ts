import { createVerify, X509Certificate } from 'node:crypto';
import { PayloadError } from './payload-error';

/** An SNS message as posted to an HTTP(S) subscription (all values are strings). */
export interface SnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** Fetches a certificate (PEM) from an already checked URL; injectable for tests. */
export type CertificateFetcher = (url: string) => Promise<string>;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * True for https URLs on SNS's own hosts. Checked BEFORE anything is fetched, so a forged message
 * cannot make the bot fetch an attacker's certificate (or probe internal addresses).
 */
export function isSnsUrl(text: string | undefined, pathPattern?: RegExp): boolean {
  if (!text) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return false;
  if (!SNS_HOST.test(url.hostname)) return false;
  return pathPattern ? pathPattern.test(url.pathname) : true;
}

/** The canonical string SNS signs, per message type (AWS "Verifying the signatures of Amazon SNS messages"). */
export function stringToSign(message: SnsMessage): string {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', ...(message.Subject !== undefined ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys.map((key) => `${key}\n${(message as unknown as Record<string, string>)[key] ?? ''}\n`).join('');
}

export async function verifySnsSignature(message: SnsMessage, fetchCertificate: CertificateFetcher, now: number): Promise<void> {
  if (!isSnsUrl(message.SigningCertURL, /\.pem$/)) throw new PayloadError('SigningCertURL', 'must be an https URL on sns.<region>.amazonaws.com ending in .pem');
  const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : message.SignatureVersion === '2' ? 'RSA-SHA256' : undefined;
  if (!algorithm) throw new PayloadError('SignatureVersion', 'expected "1" or "2"');
  const pem = await fetchCertificate(message.SigningCertURL);
  const certificate = new X509Certificate(pem);
  if (Date.parse(certificate.validTo) < now || Date.parse(certificate.validFrom) > now) throw new PayloadError('SigningCertURL', 'the signing certificate is not valid now');
  const verifier = createVerify(algorithm);
  verifier.update(stringToSign(message), 'utf8');
  if (!verifier.verify(certificate.publicKey, message.Signature, 'base64')) throw new PayloadError('Signature', 'does not verify against the SNS signing certificate');
}

/** Fetches certificates over HTTPS with a timeout and caches them by URL (SNS rotates them rarely). */
export function createCertificateFetcher(fetchImpl: typeof fetch = fetch, timeoutMs = 5000): CertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    let pending = cache.get(url);
    if (!pending) {
      pending = fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' }).then(async (response) => {
        if (!response.ok) throw new Error(`certificate fetch answered ${response.status}`);
        const text = await response.text();
        if (!text.includes('BEGIN CERTIFICATE')) throw new Error('certificate fetch returned no PEM certificate');
        return text;
      });
      pending.catch(() => cache.delete(url));
      cache.set(url, pending);
    }
    return pending;
  };
}
