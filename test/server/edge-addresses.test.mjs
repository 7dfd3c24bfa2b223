// @ts-check
/**
 * Issue 9, items 2, 3 and 12 (first part): who a client is, for the limits. Driven with
 * `app.inject({ remoteAddress, headers })`, so each request comes from the address the test
 * names (no network): rotating the leftmost X-Forwarded-For behind one or two proxies, rotating
 * IPv6 addresses inside a /64, IPv4-mapped IPv6, and the edge of a window all stay within one
 * allowance. Also: `trustProxy: true` is refused, and `Authorization: bearer` works in any case.
 *
 *   npm run build && node --test test/server/edge-addresses.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey, createConsultServer, openStorage, parseTrustProxy, signParticipant, SlidingWindowStore } from 'consult-server';
import { ADMIN_TOKEN, assertAnswer, forEachDatabase, SIGNING_SECRET, startServer, vote } from './server.mjs';

const LIMIT = 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** GETs the consultation `count` times from `from(i)` = { remoteAddress, xff }; returns the statuses. */
async function flood(ctx, consultationId, count, from) {
  const statuses = [];
  for (let i = 0; i < count; i++) {
    const { remoteAddress, xff } = from(i);
    const headers = xff === undefined ? {} : { 'x-forwarded-for': xff };
    const answer = await ctx.server.app.inject({ method: 'GET', url: `/api/v1/consultations/${consultationId}`, remoteAddress, headers });
    statuses.push(answer.statusCode);
  }
  return statuses;
}
const accepted = (statuses) => statuses.filter((s) => s !== 429).length;

await forEachDatabase('edge: client addresses and the limits', (database) => {
  const limited = (options = {}) =>
    startServer({ database: database.id, rateLimit: { perAddress: LIMIT, perParticipant: 10_000, windowMs: 60_000, ...options.rateLimit }, ...options.server });

  it('one proxy (trustProxy: 1): a rotated leftmost X-Forwarded-For does not escape the limit; another client has its own', async (t) => {
    const ctx = await limited({ server: { trustProxy: 1 } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    // nginx appends the address it saw: `<whatever the client sent>, 203.0.113.7`.
    const spoofing = await flood(ctx, c.id, 60, (i) => ({ remoteAddress: '10.0.0.1', xff: `198.51.100.${i}, 203.0.113.7` }));
    assert.equal(accepted(spoofing), LIMIT, spoofing.join(' '));
    assert.equal(accepted(await flood(ctx, c.id, 3, () => ({ remoteAddress: '10.0.0.1', xff: '203.0.113.8' }))), 3);
  });

  it('two proxies (trustProxy: 2, a load balancer then nginx): a rotated leftmost entry does not escape the limit', async (t) => {
    const ctx = await limited({ server: { trustProxy: 2 } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const spoofing = await flood(ctx, c.id, 60, (i) => ({ remoteAddress: '10.0.0.1', xff: `198.51.100.${i}, 192.0.2.${i}, 203.0.113.7, 10.0.0.2` }));
    assert.equal(accepted(spoofing), LIMIT, spoofing.join(' '));
  });

  it('trusted proxies by address (trustProxy: [CIDR]): a client that is not one of them is keyed by its own address', async (t) => {
    const ctx = await limited({ server: { trustProxy: ['10.0.0.0/8'] } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const direct = await flood(ctx, c.id, 30, (i) => ({ remoteAddress: '198.51.100.9', xff: `203.0.113.${i}` }));
    assert.equal(accepted(direct), LIMIT, 'X-Forwarded-For from an untrusted address is ignored');
    const viaProxy = await flood(ctx, c.id, 30, (i) => ({ remoteAddress: '10.1.2.3', xff: `192.0.2.${i}, 203.0.113.50` }));
    assert.equal(accepted(viaProxy), LIMIT, 'behind the proxy, the client it saw is keyed');
  });

  it('IPv6: rotating addresses inside one /64 shares one allowance; another /64 has its own', async (t) => {
    const ctx = await limited();
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
    const rotating = await flood(ctx, c.id, 100, () => ({ remoteAddress: `2001:db8:7:1:${hex()}:${hex()}:${hex()}:${hex()}` }));
    assert.equal(accepted(rotating), LIMIT, rotating.join(' '));
    assert.equal(accepted(await flood(ctx, c.id, 2, () => ({ remoteAddress: '2001:db8:7:2::1' }))), 2);
  });

  it('IPv6 prefix configurable (ipv6Prefix: 56): rotating across /64s inside the /56 is limited', async (t) => {
    const ctx = await limited({ rateLimit: { ipv6Prefix: 56 } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const rotating = await flood(ctx, c.id, 40, (i) => ({ remoteAddress: `2001:db8:7:2${(i % 256).toString(16).padStart(2, '0')}::1` }));
    assert.equal(accepted(rotating), LIMIT, rotating.join(' '));
  });

  it('an IPv4-mapped IPv6 address is its IPv4 address', async (t) => {
    const ctx = await limited();
    t.after(() => ctx.close());
    const c = await ctx.seed();
    const statuses = await flood(ctx, c.id, 12, (i) => ({ remoteAddress: ['192.0.2.44', '::ffff:192.0.2.44', '::ffff:c000:22c'][i % 3] }));
    assert.equal(accepted(statuses), LIMIT, statuses.join(' '));
  });

  it('the window slides: the whole allowance at the end of a window leaves nothing at the start of the next', async (t) => {
    const windowMs = 2000;
    const ctx = await limited({ rateLimit: { perAddress: 10, windowMs } });
    t.after(() => ctx.close());
    const c = await ctx.seed();
    // The plugin's own store counts in windows aligned like these: `phase` ms into one.
    const toPhase = (phase) => sleep((phase - (Date.now() % windowMs) + windowMs) % windowMs);
    await toPhase(1500);
    const from = () => ({ remoteAddress: '192.0.2.80' });
    assert.equal(accepted(await flood(ctx, c.id, 10, from)), 10, 'the allowance at the end of a window');
    await toPhase(50); // just past the edge where a fixed window starts afresh
    const edge = await flood(ctx, c.id, 10, from);
    assert.equal(accepted(edge), 0, `a fixed window would accept all 10 again: ${edge.join(' ')}`);
    const refused = await ctx.server.app.inject({ method: 'GET', url: `/api/v1/consultations/${c.id}`, remoteAddress: '192.0.2.80' });
    assert.ok(Number(refused.headers['retry-after']) <= windowMs / 1000, `Retry-After ${refused.headers['retry-after']}`);
    await sleep(windowMs);
    assert.equal(accepted(await flood(ctx, c.id, 10, from)), 10, 'a window later, the allowance is back');
  });
});

describe('edge: address keys, the window store and trustProxy values', () => {
  it('addressKey: IPv4 /32, IPv6 /64 (or the prefix given), mapped IPv4 as IPv4, zone ids dropped', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), addressKey('2001:DB8:1:2::1'));
    assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
    assert.equal(addressKey('2001:db8:1:2ff::1', 56), addressKey('2001:db8:1:200::1', 56));
    assert.equal(addressKey('fe80::1%eth0'), addressKey('fe80::2'));
    assert.equal(addressKey('::1', 128), '0:0:0:0:0:0:0:1/128');
  });

  it('the store keeps bounded memory: at most maxKeys keys, and idle keys are dropped a window later', () => {
    let now = 1_000_000;
    const store = new SlidingWindowStore(undefined, 1000, () => now);
    for (let i = 0; i < 5000; i++) store.incr(`k${i}`, () => {}, 60_000, 10);
    assert.equal(store.size, 1000);
    now += 3 * 60_000;
    store.incr('fresh', () => {}, 60_000, 10);
    assert.equal(store.size, 1);
  });

  it('trustProxy: true is refused; a hop count or a list of addresses/CIDRs is taken', async () => {
    const storage = await openStorage(':memory:');
    // @ts-expect-error: the type refuses `true` as well; a JavaScript caller meets the runtime refusal.
    await assert.rejects(createConsultServer({ storage, trustProxy: true, logger: false }), /trust every hop|refused/);
    await storage.close();
    assert.equal(parseTrustProxy('1'), 1);
    assert.equal(parseTrustProxy(''), false);
    assert.deepEqual(parseTrustProxy('10.0.0.1, 10.0.0.0/8,::1'), ['10.0.0.1', '10.0.0.0/8', '::1']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/2']) assert.throws(() => parseTrustProxy(bad), bad);
  });
});

await forEachDatabase('edge: Authorization scheme in any case', (database) => {
  it('`bearer`, `BEARER` and `Bearer` carry the admin token and participant tokens', async (t) => {
    const ctx = await startServer({ database: database.id });
    t.after(() => ctx.close());
    const c = await ctx.seed({ consultation: { requireSignedParticipants: true } });
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const admin = await ctx.call('GET', '/admin/consultations', { headers: { authorization: `${scheme} ${ADMIN_TOKEN}` } });
      assert.equal(admin.status, 200, `${scheme}: ${admin.text}`);
      const participant = `participant-${scheme}`;
      const token = signParticipant(SIGNING_SECRET, c.id, participant);
      assertAnswer(await ctx.call('PUT', `/proposals/${c.p1}/votes/${participant}`, { body: vote('agree'), headers: { authorization: `${scheme} ${token}` } }), 'castVote');
    }
    // Another scheme, or the scheme glued to the token, is still no token.
    for (const header of [`Basic ${ADMIN_TOKEN}`, `Bearer${ADMIN_TOKEN}`, ADMIN_TOKEN]) {
      assert.equal((await ctx.call('GET', '/admin/consultations', { headers: { authorization: header } })).status, 401, header);
    }
  });
});
