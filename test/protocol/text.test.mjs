// @ts-check
// The protocol's proposal-text rules (src/protocol/text.ts, compiled in dist/) as the server runs
// them: the issue-9 table, the prefix, idempotence, and the schemas that refuse lone surrogates.
//   npm run build && node --test test/protocol/text.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { ImportFile } from 'consult-widgets/protocol/admin';
import {
  Author,
  checkProposalText,
  cleanProposalText,
  describeTextProblem,
  isWellFormed,
  proposalLength,
  ProposalContent,
  replaceControls,
  SubmitProposalRequest,
} from 'consult-widgets/protocol';
import { TEXT_CASES, TEXT_RULES } from './text-cases.mjs';

describe('proposal text: the issue-9 table', () => {
  for (const c of TEXT_CASES) {
    it(`${c.name} → ${c.problem ?? 'accepted'}`, () => {
      const checked = checkProposalText(c.content, TEXT_RULES);
      assert.equal(checked.problem, c.problem);
      if (c.length !== undefined) assert.equal(checked.length, c.length);
      if (c.stored !== undefined) assert.equal(checked.content, c.stored);
      assert.equal(cleanProposalText(checked.content), checked.content, 'cleaning twice changes nothing');
      assert.equal(proposalLength(checked.content), checked.length);
    });
  }

  it('every refusal has a message of its own (too short and too long share the length one)', () => {
    const byProblem = new Map();
    for (const c of TEXT_CASES.filter((c) => c.problem)) {
      const message = describeTextProblem(checkProposalText(c.content, TEXT_RULES), TEXT_RULES);
      byProblem.set(c.problem, message.replace(/ \(this one has \d+\)/, ''));
    }
    assert.deepEqual([...byProblem.keys()].sort(), ['control', 'marks', 'noLetter', 'surrogate', 'tooLong', 'tooShort']);
    assert.equal(byProblem.get('tooShort'), byProblem.get('tooLong'));
    assert.equal(new Set(byProblem.values()).size, 5, [...byProblem.values()].join('\n'));
    assert.match(byProblem.get('noLetter'), /letter/);
    assert.match(byProblem.get('control'), /control characters/);
  });
});

describe('proposal text: the fixed start', () => {
  const rules = { min: 12, max: 140, prefix: 'We should' };

  it('is checked on the cleaned text: an invisible character before it no longer hides it', () => {
    assert.deepEqual(checkProposalText('\u200BWe should build a cable car', rules), {
      content: 'We should build a cable car',
      length: 27,
      problem: null,
    });
    assert.equal(checkProposalText('We\u202E should build a cable car', rules).problem, null);
  });

  it('a look-alike start is not the start', () => {
    assert.equal(checkProposalText('We \u0455hould build a cable car', rules).problem, 'prefix');
    assert.equal(checkProposalText('we should build a cable car', rules).problem, 'prefix');
  });

  it('the prefix alone, or with invisible characters only, is too short', () => {
    assert.equal(checkProposalText(`We should${'\u200B'.repeat(12)}`, rules).problem, 'tooShort');
    assert.equal(checkProposalText(`We should${'\u2800'.repeat(12)}`, rules).length, 9);
  });
});

describe('proposal text: lone surrogates are malformed requests (400 before any storage)', () => {
  it('isWellFormed tells a lone surrogate from a pair', () => {
    assert.deepEqual(['🌍', 'a\uD800', '\uDC00', 'ok', '\uD83C\uDF0D\uD800'].map(isWellFormed), [true, false, false, true, false]);
  });

  it('the protocol schemas refuse them in proposal texts, author fields and import files', () => {
    const body = { participantId: 'participant-0001', requestId: 'r1', content: 'We should plant trees' };
    assert.ok(z.safeParse(SubmitProposalRequest, body).success);
    assert.ok(!z.safeParse(ProposalContent, 'We should plant trees \uD800').success);
    assert.ok(!z.safeParse(SubmitProposalRequest, { ...body, content: `${body.content}\uDFFF` }).success);
    assert.ok(!z.safeParse(Author, { name: 'Cam\uD800ille' }).success);
    const file = {
      consultation: { id: 'c', title: 'T', question: 'Q?', locale: 'en' },
      proposals: [{ id: 'p1', content: 'We should plant trees \uD800' }],
    };
    assert.ok(!z.safeParse(ImportFile, file).success);
  });
});

describe('proposal text: import files and exports', () => {
  it('an import file’s texts are cleaned as submissions are (NFC, invisible characters out)', () => {
    const file = z.parse(ImportFile, {
      consultation: { id: 'c', title: 'T', question: 'Q?', locale: 'en' },
      proposals: [{ id: 'p1', content: '\u200BWe should open a cafe\u0301\u202E here ' }],
    });
    assert.equal(file.proposals[0].content, 'We should open a café here');
  });

  it('replaceControls leaves no control character but tab and line breaks', () => {
    assert.equal(replaceControls('\u001B[31mred\u001B[0m\u0000\u0085\u007F\tok\r\n'), '\uFFFD[31mred\uFFFD[0m\uFFFD\uFFFD\uFFFD\tok\r\n');
  });
});
