/** A host as written in config: "10.0.0.5", "deploy@10.0.0.5:2222", "[fd00::5]:2222", "web-1.internal". */
export interface HostAddress {
  user?: string;
  hostname: string;
  port?: number;
}

const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/** Parses a host spec; returns a sentence saying what is wrong instead of throwing. */
export function parseHost(spec: string): HostAddress | string {
  let rest = spec.trim();
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER.test(user)) return `bad user ${JSON.stringify(user)} in host "${spec}"`;
  }
  let hostname = rest;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    hostname = bracketed[1];
    portText = bracketed[2];
    if (!IPV6.test(hostname)) return `bad IPv6 address "${hostname}" in host "${spec}"`;
  } else {
    const colon = rest.split(':');
    if (colon.length === 2) [hostname, portText] = colon;
    else if (colon.length > 2) return `IPv6 addresses need brackets, like "[${rest}]:22"`;
    const ipv4 = IPV4.exec(hostname);
    if (ipv4 && ipv4.slice(1).some((octet) => Number(octet) > 255)) return `bad IPv4 address "${hostname}"`;
    if (!ipv4 && !HOSTNAME.test(hostname)) return `expected a host like "10.0.0.5", "deploy@web-1:2222", got "${spec}"`;
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return `bad port "${portText}" in host "${spec}"`;
  }
  return { user, hostname, port };
}

/** The host part the health URL's {host} and known_hosts use. */
export function formatHost(address: HostAddress): string {
  return address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname;
}
