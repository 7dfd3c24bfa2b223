import { expect } from '@open-wc/testing';
import { crossTabLock } from '../../src/adapters/outbox-lock.js';

/** A Storage in memory; `onSet` runs after every write (to play another tab). */
function memoryStorage(onSet?: (key: string, value: string, storage: Storage) => void): Storage {
  const items = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem(key, value) {
      items.set(key, String(value));
      onSet?.(key, String(value), storage);
    },
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
  return storage;
}

const LEASE = 'queue~lease';
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox cross-tab lock without Web Locks (the storage lease)', () => {
  it('goes on only if its name is still on the lease when it reads it back', async () => {
    // Another tab found the lease free at the same moment and wrote it just after us.
    let raced = false;
    const storage = memoryStorage((key, _value, s) => {
      if (key !== LEASE || raced) return;
      raced = true;
      queueMicrotask(() => s.setItem(LEASE, `other-tab|${Date.now() + 15_000}`));
    });
    let ran = false;
    const answered = await crossTabLock('queue', storage, null, { settleMs: 5 }).run(async () => {
      ran = true;
    });
    expect({ answered, ran }).to.deep.equal({ answered: false, ran: false });
    expect(storage.getItem(LEASE), 'the other tab keeps its lease').to.match(/^other-tab\|/);
  });

  it("skips while another tab's lease holds, and takes over an expired one", async () => {
    const storage = memoryStorage();
    const lock = crossTabLock('queue', storage, null, { settleMs: 1 });
    storage.setItem(LEASE, `other-tab|${Date.now() + 10_000}`);
    expect(await lock.run(async () => {})).to.equal(false);
    storage.setItem(LEASE, `other-tab|${Date.now() - 1}`);
    expect(await lock.run(async () => {})).to.equal(true);
    expect(storage.getItem(LEASE), 'released after the task').to.equal(null);
  });

  it('renews its lease during a long task, and never removes a lease another tab took over', async () => {
    const storage = memoryStorage();
    const lock = crossTabLock('queue', storage, null, { settleMs: 1, leaseMs: 40 });
    const other = crossTabLock('queue', storage, null, { settleMs: 1, leaseMs: 40 });
    let otherRan: boolean | undefined;
    await lock.run(async (renew) => {
      await tick(30);
      renew(); // still ours for 40 ms more
      otherRan = await other.run(async () => {});
      expect(otherRan, 'a renewed lease holds').to.equal(false);
      await tick(60); // not renewed: it expires, and the other tab takes over
      otherRan = await other.run(async () => {
        await tick(20);
      });
      storage.setItem(LEASE, `third-tab|${Date.now() + 10_000}`);
    });
    expect(otherRan).to.equal(true);
    expect(storage.getItem(LEASE), 'a lease that is not ours stays').to.match(/^third-tab\|/);
  });
});
