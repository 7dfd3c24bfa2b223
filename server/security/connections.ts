/**
 * Slow and idle clients: every connection costs a file descriptor and memory, so a client that
 * opens thousands and sends nothing (or a body one byte at a time) could starve everyone else.
 * Node's HTTP server enforces the timeouts below (checked every `checkIntervalMs`), and a cap on
 * open connections per client address (IPv4 /32, IPv6 /64 as for the rate limits) refuses the
 * extra ones at once: the attacker's connections are cut, other visitors never wait for them.
 *
 * Behind a reverse proxy every connection comes from the proxy, so the cap is off by default
 * there (the proxy caps per client: nginx `limit_conn`); see docs/server.md.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { addressKey, DEFAULT_IPV6_PREFIX } from './address.js';

export interface ConnectionLimits {
  /** The whole request, headers and body, must arrive within this (node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this (node's `headersTimeout`). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this; keep it above a proxy's own idle timeout. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all, in any state, is closed after this (socket timeout). */
  idleTimeoutMs: number;
  /** Open connections one client address may hold; 0: no cap (the default behind a proxy). */
  maxConnectionsPerAddress: number;
  /** How often node looks for requests over their timeouts. */
  checkIntervalMs: number;
}

/**
 * Public-server defaults: a vote is a few hundred bytes, so 30 s for a whole request is generous
 * even on a bad mobile link; 65 s keep-alive outlives the 60 s idle timeout of nginx and most
 * cloud load balancers (the proxy, not us, should close first). 256 connections per address
 * leave room for a school or office behind one NAT (browsers open up to 6 per site).
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  idleTimeoutMs: 120_000,
  maxConnectionsPerAddress: 256,
  checkIntervalMs: 1000,
};

/** What goes to `http.createServer` (through fastify's `http` option): only settable at creation. */
export function httpServerOptions(limits: ConnectionLimits) {
  // Node refuses a headers timeout longer than the whole request's.
  const headersTimeout = limits.requestTimeoutMs > 0 ? Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) : limits.headersTimeoutMs;
  return { headersTimeout, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs };
}

/**
 * Counts open connections per address key and destroys those over the cap. `onRefused` hears of
 * each (for the periodic log summary).
 */
export function capConnectionsPerAddress(server: Server, limits: ConnectionLimits, ipv6Prefix = DEFAULT_IPV6_PREFIX, onRefused: () => void = () => {}): void {
  if (limits.maxConnectionsPerAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress ?? '', ipv6Prefix);
    const count = open.get(key) ?? 0;
    if (count >= limits.maxConnectionsPerAddress) {
      onRefused();
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
}
