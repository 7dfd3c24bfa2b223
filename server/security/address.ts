/**
 * Who a client is, for limits: the key of its address, and which proxies may tell us that address.
 * One IPv6 host usually owns a whole /64 (SLAAC, privacy addresses), so rotating addresses inside
 * it must not give a script a fresh allowance: IPv6 addresses are keyed by their first
 * `ipv6Prefix` bits (64 by default), IPv4 ones by the whole address, and an IPv4-mapped IPv6
 * address (`::ffff:1.2.3.4`, what a dual-stack socket reports) as the IPv4 address it is.
 */
import { isIPv4, isIPv6 } from 'node:net';

export const DEFAULT_IPV6_PREFIX = 64;

/** The limit key of an address: `203.0.113.7`, or `2001:db8:0:1::/64` for any address of that /64. */
export function addressKey(ip: string, ipv6Prefix = DEFAULT_IPV6_PREFIX): string {
  const address = ip.replace(/%.*$/, ''); // a zone id (`fe80::1%eth0`) names an interface, not a host
  if (isIPv4(address)) return address;
  const groups = isIPv6(address) ? ipv6Groups(address) : null;
  if (!groups) return ip.toLowerCase(); // not an address (a test transport, say): keyed as given
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  let bits = Math.max(0, Math.min(128, ipv6Prefix));
  const masked = groups.map((g) => {
    const keep = Math.max(0, Math.min(16, bits));
    bits -= keep;
    return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${masked.map((g) => g.toString(16)).join(':')}/${ipv6Prefix}`;
}

/** The eight 16-bit groups of a valid IPv6 address (node:net checked it), a dotted IPv4 tail included. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Which hops may set X-Forwarded-For: a number of proxies in front of the server (`1`: nginx on
 * the same machine; `2`: a cloud load balancer then nginx), or the proxies' own addresses and
 * CIDR ranges. Never "every hop": then anyone could name any address in the leftmost entry.
 */
export type TrustProxy = false | number | string[];

/** `CONSULT_TRUST_PROXY`: empty/`0`/`false` → off, a whole number → hops, else a comma-separated list of addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === '*') {
    throw new Error('CONSULT_TRUST_PROXY must name the hops (a number) or the proxy addresses, not trust every hop.');
  }
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [ip, bits, extra] = entry.split('/');
    const max = isIPv4(ip ?? '') ? 32 : isIPv6(ip ?? '') ? 128 : -1;
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
    if (max < 0 || !validBits || extra !== undefined) {
      throw new Error(`CONSULT_TRUST_PROXY: "${entry}" is not an IP address or CIDR range.`);
    }
  }
  return list;
}

/** The option checked, whoever passes it (a library caller could pass `true`). */
export function checkTrustProxy(value: unknown): TrustProxy {
  if (value === undefined || value === false) return false;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value === 0 ? false : value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return parseTrustProxy(value.join(','));
  throw new Error('trustProxy is a number of proxy hops or a list of proxy addresses/CIDRs; `true` (trust every hop) is refused.');
}
