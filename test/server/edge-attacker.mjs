// @ts-check
/**
 * The attacker of test/server/edge-sockets.test.mjs, in a process of its own so that its 2,500
 * sockets do not load the server's event loop (as a real attacker's would not):
 *
 *   node edge-attacker.mjs <port> <slow count> <idle count> <path of a vote> <seconds to give up>
 *
 * Binds 127.0.0.2. Opens `slow` sockets that send a vote's headers and a body one byte every
 * 250 ms (never idle), and `idle` sockets that send nothing. Prints one JSON line when all are
 * open ({ opened, peak, ms }) and one when all are closed or it gives up
 * ({ done, slowMax, idleMax, open, first }): the longest time a socket was held, in ms.
 */
import net from 'node:net';

const [port, slowCount, idleCount, path, giveUpSeconds] = process.argv.slice(2);
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const gauge = { open: 0, peak: 0 };

function open(onConnect) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.2' });
    /** @type {{ socket: import('node:net').Socket, connectedAt: number, closedAfter: number | null, received: string }} */
    const held = { socket, connectedAt: 0, closedAfter: null, received: '' };
    socket.on('connect', () => {
      held.connectedAt = performance.now();
      gauge.peak = Math.max(gauge.peak, ++gauge.open);
      onConnect?.(socket);
      resolve(held);
    });
    socket.on('data', (chunk) => (held.received += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (held.connectedAt) gauge.open--;
      held.closedAfter = held.connectedAt ? performance.now() - held.connectedAt : 0;
      resolve(held);
    });
  });
}

async function openMany(count, onConnect, batch = 500) {
  const all = [];
  for (let i = 0; i < count; i += batch) all.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => open(onConnect)))));
  return all;
}

const started = performance.now();
const head = `PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"key":`;
const slow = await openMany(Number(slowCount), (socket) => socket.write(head));
const trickle = setInterval(() => {
  for (const held of slow) if (held.closedAfter === null) held.socket.write(' ');
}, 250);
const idle = await openMany(Number(idleCount));
say({ opened: slow.length + idle.length, peak: gauge.peak, ms: Math.round(performance.now() - started) });

const all = [...slow, ...idle];
const giveUpAt = performance.now() + Number(giveUpSeconds) * 1000;
while (all.some((h) => h.closedAfter === null) && performance.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
clearInterval(trickle);
const longest = (list) => Math.round(Math.max(...list.map((h) => h.closedAfter ?? Infinity)));
say({ done: true, slowMax: longest(slow), idleMax: longest(idle), open: all.filter((h) => h.closedAfter === null).length, first: slow[0]?.received.slice(0, 200) ?? '' });
for (const held of all) held.socket.destroy();
