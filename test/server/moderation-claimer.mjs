// @ts-check
/**
 * A second process asking the moderation queue for proposals at the same time as the test's own
 * (moderation-queue.test.mjs): `node moderation-claimer.mjs <url> <schema> <consultationId> <prefix> <operators>`.
 * Waits for "go" on stdin, then each of its operators asks for the next proposal at once; prints
 * the ids it got, as JSON, on stdout.
 */
import { openStorage } from 'consult-server';

const [url, schema, consultationId, prefix, operators] = process.argv.slice(2);
const storage = await openStorage(url, { schema });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy(); // nothing more to read: let the process end
const now = Date.now();
const landed = await Promise.all(
  Array.from({ length: Number(operators) }, (_, i) => {
    const operator = { id: `${prefix}-${i}`, name: `${prefix} ${i}` };
    return storage.stepQueue({ consultationId, operator, direction: 'next', fromId: null, now, expiresAt: now + 180_000 });
  }),
);
process.stdout.write(JSON.stringify(landed.map((l) => (l && 'proposalId' in l ? l.proposalId : null))) + '\n');
await storage.close();
