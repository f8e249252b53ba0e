import { createHash, createHmac } from 'node:crypto';

/** One usable line of a known_hosts file. */
export interface KnownHost {
  /** Plain patterns ("web-1,10.0.0.5", "[10.0.0.5]:2222", "*.internal", "!bad") or one hashed name. */
  patterns?: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  revoked: boolean;
  keyType: string;
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHost[] {
  const entries: KnownHost[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0].startsWith('@')) {
      const marker = fields.shift();
      // CA-signed host certificates are not supported; those lines cannot vouch for a plain key.
      if (marker === '@cert-authority') continue;
      revoked = marker === '@revoked';
    }
    const [names, keyType, keyText] = fields;
    if (!names || !keyType || !keyText) continue;
    const key = Buffer.from(keyText, 'base64');
    if (names.startsWith('|1|')) {
      const [, , salt, hash] = names.split('|');
      if (!salt || !hash) continue;
      entries.push({ hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }, revoked, keyType, key });
    } else {
      entries.push({ patterns: names.split(','), revoked, keyType, key });
    }
  }
  return entries;
}

/** known_hosts writes a host on port 22 as "host", elsewhere as "[host]:port". */
export function knownHostName(hostname: string, port: number): string {
  return port === 22 ? hostname : `[${hostname}]:${port}`;
}

export function entryMatches(entry: KnownHost, name: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.equals(entry.hashed.hash);
  }
  let matched = false;
  for (const pattern of entry.patterns ?? []) {
    const negated = pattern.startsWith('!');
    if (globMatch(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function globMatch(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** "SHA256:..." as `ssh-keygen -lf` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return length > 0 && length < 64 && key.length >= 4 + length ? key.subarray(4, 4 + length).toString('ascii') : 'unknown';
}

export interface HostKeyPolicy {
  knownHosts?: KnownHost[];
  /** Where knownHosts came from, for messages. */
  knownHostsFile?: string;
  /** Pinned "SHA256:..." fingerprints; a host presenting one of these is accepted. */
  fingerprints?: string[];
}

export type HostKeyVerdict = { ok: true } | { ok: false; reason: string };

/** Decides whether a presented host key is trusted. Unknown and changed keys are refused. */
export function verifyHostKey(policy: HostKeyPolicy, hostname: string, port: number, key: Buffer): HostKeyVerdict {
  const presented = fingerprint(key);
  const type = keyTypeOf(key);
  if (policy.fingerprints?.some((pinned) => normalizeFingerprint(pinned) === presented)) return { ok: true };
  const name = knownHostName(hostname, port);
  const entries = (policy.knownHosts ?? []).filter((entry) => entryMatches(entry, name));
  if (entries.some((entry) => entry.revoked && entry.key.equals(key))) {
    return { ok: false, reason: `host key ${presented} is marked @revoked in ${policy.knownHostsFile ?? 'known_hosts'}` };
  }
  const trusted = entries.filter((entry) => !entry.revoked);
  if (trusted.some((entry) => entry.key.equals(key))) return { ok: true };
  if (trusted.length > 0) {
    return {
      ok: false,
      reason: `HOST KEY CHANGED: ${name} presented ${type} ${presented}, which does not match ${policy.knownHostsFile ?? 'known_hosts'} (possible man-in-the-middle; if the host was rebuilt, replace its line)`,
    };
  }
  const where = [policy.knownHostsFile && `not in ${policy.knownHostsFile}`, policy.fingerprints?.length && 'not a pinned fingerprint'].filter(Boolean).join(' and ');
  return {
    ok: false,
    reason: `unknown host key ${type} ${presented} (${where || 'no known_hosts or fingerprints configured'}); verify it, then add it with \`ssh-keyscan ${port === 22 ? '' : `-p ${port} `}${hostname} >> known_hosts\` or pin it under ssh.fingerprints`,
  };
}

/** Key types known for a host, to ask the server for one we can check. */
export function knownKeyTypes(policy: HostKeyPolicy, hostname: string, port: number): string[] {
  const name = knownHostName(hostname, port);
  return [...new Set((policy.knownHosts ?? []).filter((entry) => !entry.revoked && entryMatches(entry, name)).map((entry) => entry.keyType))];
}

function normalizeFingerprint(value: string): string {
  const trimmed = value.trim().replace(/=+$/, '');
  return trimmed.startsWith('SHA256:') ? trimmed : `SHA256:${trimmed}`;
}
