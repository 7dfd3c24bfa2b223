// One isolated test backend: its data, request log, faults and malformed answers. Browser test
// files run two at a time against one dev server, so each file should use its own scope.
import { InspectableMemoryAdapter, findMismatches } from './adapter.mjs';
import { Faults } from './faults.mjs';
import { Issuance } from './issuance.mjs';
import { Malformed } from './malformed.mjs';
import { defaultSeed } from './seed.mjs';

export class Scope {
  constructor(name) {
    this.name = name;
    this.reset();
  }

  /** Fresh data (the default seed, or `{ consultations, proposals }`), empty log, no faults. */
  reset(seed = defaultSeed()) {
    this.adapter = new InspectableMemoryAdapter(seed);
    // Tallies given by the seed: the ground truth check counts stored votes on top of them.
    this.baseline = this.adapter.snapshot().proposals;
    this.log = new RequestLog();
    this.faults = new Faults();
    this.malformed = new Malformed();
    this.issuance = new Issuance();
  }

  /** Ground truth for "nothing lost, nothing counted twice". */
  state(consultationId) {
    const snapshot = this.adapter.snapshot(consultationId);
    return { ...snapshot, mismatches: findMismatches(snapshot, this.baseline) };
  }
}

/**
 * Every protocol request of a scope, in arrival order. An entry is filled in as the request goes:
 * `status` stays null for a dropped request, `applied` says whether a write reached the backend.
 */
export class RequestLog {
  constructor() {
    this.entries = [];
    this.seq = 0;
  }

  open({ method, path, query, headers, body }) {
    const entry = {
      seq: ++this.seq,
      time: Date.now(),
      method,
      path,
      query: Object.fromEntries(query),
      headers: { authorization: headers.authorization ?? null, contentType: headers['content-type'] ?? null },
      ...loggedBody(body),
      status: null,
      fault: null,
      phase: null,
      applied: null,
      answered: false,
      durationMs: null,
    };
    this.entries.push(entry);
    return entry;
  }

  /** Entries after `seq` (all when 0), so a test can look at what one action sent. */
  since(seq = 0) {
    return this.entries.filter((e) => e.seq > seq);
  }
}

/** The parsed JSON body, or the raw text when it is not JSON; nothing for an empty body. */
function loggedBody({ text, size }) {
  if (!text) return { body: null, bodySize: size };
  try {
    return { body: JSON.parse(text), bodySize: size };
  } catch {
    return { body: null, rawBody: text, bodySize: size };
  }
}
