// @ts-check
/**
 * Malformed and hostile requests against the reference server, on SQLite and PostgreSQL: each row
 * of the table must get a JSON 4xx with the protocol's ErrorBody (never a 5xx, a stack trace or
 * SQL), and afterwards the server must be healthy with exactly the tallies it had: SQL payloads,
 * prototype pollution and the rest changed nothing. Requests go out raw (node:http, path as
 * written), so `..`, `%2e`, backslashes and bad bytes reach the server as a client sent them.
 *
 *   npm run build && node --test test/server/hostile.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { OpenData } from 'consult-widgets/protocol/admin';
import { MAX_BODY_BYTES } from 'consult-widgets/protocol';
import { IMPOSSIBLE_DATES } from './dates.mjs';
import { ADMIN_TOKEN, assertAnswer, assertError, assertNothingInternal, fixtureFile, forEachDatabase, OTHER, PARTICIPANT, startServer, vote } from './server.mjs';

const V = '/api/v1';
const C = 'hostile';
const P1 = `${C}-p1`;
/** Requests that a buggy server might accept go to this consultation, so the health check stays exact. */
const SANDBOX = 'sandbox';
const NOW = '2025-02-10T09:00:00.000Z';

const votePath = (pid = P1, participant = PARTICIPANT) => `${V}/proposals/${pid}/votes/${participant}`;
const qualificationPath = (qualification = 'likeIt', pid = P1, participant = PARTICIPANT) =>
  `${votePath(pid, participant)}/qualifications/${qualification}`;
const consultationPath = (cid = C, rest = '') => `${V}/consultations/${cid}${rest}`;
const submitPath = (cid = C) => consultationPath(cid, '/proposals');
const enc = encodeURIComponent;

const CODES = { 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 422: 'unprocessable' };

/** The table: [name, method, path, options]; options.status defaults to 400. */
function hostileRows() {
  const rows = [];
  const row = (name, method, path, options = {}) => rows.push({ name, method, path, ...options });
  const validVote = { key: 'agree', votedAt: NOW };
  const validSubmission = {
    participantId: PARTICIPANT,
    requestId: 'request-0001',
    content: 'We should build a cable car to the hill',
    themeId: 'mobility',
    author: { name: 'Dominique', age: 40, organisation: 'Cycling club', country: 'FR' },
  };
  const BODIES = [
    { op: 'castVote', method: 'PUT', path: votePath(), valid: validVote },
    { op: 'addQualification', method: 'PUT', path: qualificationPath(), valid: { votedAt: NOW } },
    { op: 'submitProposal', method: 'POST', path: submitPath(), valid: validSubmission },
  ];
  const setField = (object, field, value) => {
    const copy = structuredClone(object);
    const [head, tail] = field.split('.');
    if (tail) copy[head][tail] = value;
    else copy[head] = value;
    return copy;
  };
  const dropField = (object, field) => {
    const copy = structuredClone(object);
    delete copy[field];
    return copy;
  };

  // A. Wrong types in every body field.
  const WRONG = { number: 42, boolean: true, null: null, array: ['agree'], object: { value: 'agree' }, 'empty string': '' };
  // Valid values (an author object with unknown keys only loses them), so not rows of this table.
  const VALID_ANYWAY = new Set([
    'themeId=null',
    'author=object',
    'author.name=empty string',
    'author.organisation=empty string',
    'author.country=empty string',
    'author.age=number',
  ]);
  const FIELDS = {
    castVote: ['key', 'votedAt'],
    addQualification: ['votedAt'],
    submitProposal: ['participantId', 'requestId', 'content', 'themeId', 'author', 'author.name', 'author.age', 'author.organisation', 'author.country'],
  };
  for (const { op, method, path, valid } of BODIES) {
    for (const field of FIELDS[op]) {
      for (const [type, value] of Object.entries(WRONG)) {
        if (VALID_ANYWAY.has(`${field}=${type}`)) continue;
        row(`A ${op} ${field} as ${type}`, method, path, { json: setField(valid, field, value) });
      }
    }
  }
  // As JSON text: 1e400 parses to Infinity.
  for (const age of ['-1', '131', '40.5', '1e400']) {
    row(`A submitProposal author.age ${age}`, 'POST', submitPath(), { body: JSON.stringify(validSubmission).replace('"age":40', `"age":${age}`) });
  }

  // B. Missing fields.
  row('B castVote {}', 'PUT', votePath(), { json: {} });
  row('B castVote without votedAt', 'PUT', votePath(), { json: { key: 'agree' } });
  row('B castVote without key', 'PUT', votePath(), { json: { votedAt: NOW } });
  row('B addQualification {}', 'PUT', qualificationPath(), { json: {} });
  row('B addQualification without a body', 'PUT', qualificationPath(), { contentType: null });
  for (const field of ['participantId', 'requestId', 'content']) {
    row(`B submitProposal without ${field}`, 'POST', submitPath(), { json: dropField(validSubmission, field) });
  }
  row('B castVote without a body', 'PUT', votePath(), { contentType: null });
  row('B withdrawVote without votedAt', 'DELETE', votePath());

  // C. Huge strings in fields (the body itself stays under the limit).
  row('C key of 10 000 characters', 'PUT', votePath(), { json: { ...validVote, key: `agree${'e'.repeat(10_000)}` } });
  row('C participantId of 5 000 characters', 'POST', submitPath(), { json: { ...validSubmission, participantId: 'p'.repeat(5000) } });
  row('C requestId of 129 characters', 'POST', submitPath(), { json: { ...validSubmission, requestId: 'r'.repeat(129) } });
  row('C content of 15 000 characters', 'POST', submitPath(), { json: { ...validSubmission, content: `We should ${'x'.repeat(15_000)}` } });
  row('C themeId of 129 characters', 'POST', submitPath(), { json: { ...validSubmission, themeId: 'm'.repeat(129) } });
  row('C author.name of 101 characters', 'POST', submitPath(), { json: setField(validSubmission, 'author.name', 'n'.repeat(101)) });
  row('C author.organisation of 201 characters', 'POST', submitPath(), { json: setField(validSubmission, 'author.organisation', 'o'.repeat(201)) });
  row('C author.country of 101 characters', 'POST', submitPath(), { json: setField(validSubmission, 'author.country', 'c'.repeat(101)) });
  row('C votedAt of 10 000 characters', 'PUT', votePath(), { json: { ...validVote, votedAt: `${NOW}${'Z'.repeat(10_000)}` } });

  // D. Bodies over MAX_BODY_BYTES → 413.
  const over = 'x'.repeat(MAX_BODY_BYTES + 1);
  row('D castVote body over 16 KB', 'PUT', votePath(), { json: { ...validVote, padding: over }, status: 413 });
  row('D castVote body of 1 MB', 'PUT', votePath(), { json: { ...validVote, padding: 'x'.repeat(1 << 20) }, status: 413 });
  row('D addQualification body over 16 KB', 'PUT', qualificationPath(), { json: { votedAt: NOW, padding: over }, status: 413 });
  row('D submitProposal content over 16 KB', 'POST', submitPath(), { json: { ...validSubmission, content: `We should ${over}` }, status: 413 });
  row('D submitProposal of 9 000 two-byte characters (bytes count, not characters)', 'POST', submitPath(), {
    json: { ...validSubmission, author: { name: 'é'.repeat(9000) } },
    status: 413,
  });
  row('D castVote over 16 KB, chunked without Content-Length', 'PUT', votePath(), {
    chunks: [`{"key":"agree","votedAt":"${NOW}","padding":"`, over, '"}'],
    status: 413,
  });

  // E. Bad JSON.
  const badJson = {
    truncated: '{"key":"agree","votedAt":"',
    'trailing comma': `{"key":"agree","votedAt":"${NOW}",}`,
    'single quotes': `{'key':'agree','votedAt':'${NOW}'}`,
    'NaN literal': `{"key":NaN,"votedAt":"${NOW}"}`,
    comment: `/* vote */{"key":"agree","votedAt":"${NOW}"}`,
    'unquoted keys': `{key:"agree",votedAt:"${NOW}"}`,
    'trailing garbage': `{"key":"agree","votedAt":"${NOW}"}x`,
    'two documents': `{"key":"agree","votedAt":"${NOW}"}{"key":"disagree","votedAt":"${NOW}"}`,
    'only whitespace': '   \n\t ',
    'undefined literal': 'undefined',
    'invalid escape': `{"key":"\\x61gree","votedAt":"${NOW}"}`,
    'bad unicode escape': `{"key":"\\uZZZZ","votedAt":"${NOW}"}`,
    'raw control character in a string': `{"key":"agr\u0001ee","votedAt":"${NOW}"}`,
    'unterminated string': `{"key":"agree,"votedAt":"${NOW}"}`,
  };
  for (const [name, body] of Object.entries(badJson)) row(`E castVote ${name}`, 'PUT', votePath(), { body });
  row('E castVote empty body with a JSON content type', 'PUT', votePath(), { body: '' });
  row('E submitProposal truncated', 'POST', submitPath(), { body: '{"participantId":"participant-0001","requestId":' });

  // F. Byte order marks.
  row('F BOM then truncated JSON', 'PUT', votePath(), { body: `\ufeff{"key":"agree"` });
  row('F two BOMs', 'PUT', votePath(), { body: `\ufeff\ufeff${JSON.stringify(validVote)}` });
  row('F BOM inside the object', 'PUT', votePath(), { body: `{"key":"agree"\ufeff,"votedAt":"${NOW}"}` });
  row('F UTF-16LE body with its BOM', 'PUT', votePath(), { body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(validVote), 'utf16le')]) });

  // G. Deep nesting (inside the size limit).
  row('G 8 000 nested arrays', 'PUT', votePath(), { body: `${'['.repeat(8000)}${']'.repeat(8000)}` });
  row('G 2 000 nested objects', 'PUT', votePath(), { body: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}` });
  row('G author nested 1 500 deep', 'POST', submitPath(), {
    body: JSON.stringify({ ...validSubmission, author: 0 }).replace('"author":0', `"author":${'{"name":'.repeat(1500)}"x"${'}'.repeat(1500)}`),
  });
  row('G key nested in arrays', 'PUT', votePath(), { body: `{"key":${'['.repeat(3000)}"agree"${']'.repeat(3000)},"votedAt":"${NOW}"}` });

  // H. Bodies that are not objects.
  for (const { op, method, path, valid } of BODIES) {
    for (const [name, body] of Object.entries({ 'an empty array': '[]', 'an array of the valid body': JSON.stringify([valid]), null: 'null', 'a number': '42', 'a string': '"agree"', true: 'true' })) {
      row(`H ${op} body is ${name}`, method, path, { body });
    }
  }

  // I. Wrong content types.
  const CONTENT_TYPES = {
    'text/plain': (b) => JSON.stringify(b),
    'application/x-www-form-urlencoded': (b) => new URLSearchParams(Object.entries(b).filter(([, v]) => typeof v === 'string')).toString(),
    'multipart/form-data; boundary=x': (b) => `--x\r\nContent-Disposition: form-data; name="json"\r\n\r\n${JSON.stringify(b)}\r\n--x--\r\n`,
    'application/xml': () => '<vote><key>agree</key></vote>',
    'text/html': (b) => `<p>${JSON.stringify(b)}</p>`,
    'application/json-patch+json': (b) => JSON.stringify(b),
    none: (b) => JSON.stringify(b),
  };
  for (const { op, method, path, valid } of BODIES.filter((b) => b.op !== 'addQualification')) {
    for (const [type, encode] of Object.entries(CONTENT_TYPES)) {
      row(`I ${op} sent as ${type}`, method, path, { body: encode(valid), contentType: type === 'none' ? null : type });
    }
  }

  // J. Unicode tricks in paths, bodies and queries.
  const PATH_TRICKS = {
    'RTL override': `${P1}%E2%80%AE`,
    'zero-width space': `${P1}%E2%80%8B`,
    NUL: `${P1}%00`,
    'fullwidth letters': '%EF%BD%88%EF%BD%8F%EF%BD%93%EF%BD%94%EF%BD%89%EF%BD%8C%EF%BD%85-p1',
    'Cyrillic homoglyph': `%D1%80${P1.slice(1)}`,
    'combining accent': `${P1}%CC%81`,
    'BOM prefix': `%EF%BB%BF${P1}`,
  };
  for (const [name, id] of Object.entries(PATH_TRICKS)) {
    row(`J proposal id with ${name}`, 'GET', `${V}/proposals/${id}`);
  }
  row('J proposal id with a lone surrogate %ED%A0%80', 'GET', `${V}/proposals/${P1}%ED%A0%80`);
  row('J proposal id with overlong UTF-8 %C0%AF', 'GET', `${V}/proposals/${P1}%C0%AF`);
  row('J proposal id with a truncated escape %E2%80', 'GET', `${V}/proposals/${P1}%E2%80`);
  row('J proposal id with raw bytes C0 AF', 'GET', `${V}/proposals/${P1}\u00c0\u00af`);
  row('J vote path with raw byte FF', 'PUT', votePath(P1, `${PARTICIPANT}\u00ff`), { json: validVote });
  row('J participant id with RTL override', 'PUT', votePath(P1, `${PARTICIPANT}%E2%80%AE`), { json: validVote });
  row('J participant id with zero-width joiner', 'PUT', votePath(P1, `participant%E2%80%8D0001`), { json: validVote });
  row('J participant id with NUL', 'PUT', votePath(P1, `${PARTICIPANT}%00`), { json: validVote });
  row('J consultation id with zero-width space', 'GET', consultationPath(`${C}%E2%80%8B`));
  row('J consultation id with NUL', 'GET', consultationPath(`${C}%00`, '/results'));
  row('J consultation id with a lone surrogate', 'GET', consultationPath(`${C}%ED%B0%80`, '/proposals'));
  const BODY_TRICKS = [
    ['key with a zero-width space', { ...validVote, key: 'agree\u200b' }],
    ['key with an RTL override', { ...validVote, key: '\u202eeerga' }],
    ['key with a NUL', { ...validVote, key: 'agree\u0000' }],
    ['key in fullwidth letters', { ...validVote, key: 'ａｇｒｅｅ' }],
    ['votedAt in Arabic-Indic digits', { ...validVote, votedAt: '٢٠٢٥-٠٢-١٠T٠٩:٠٠Z' }],
  ];
  for (const [name, json] of BODY_TRICKS) row(`J castVote ${name}`, 'PUT', votePath(), { json });
  row('J submission participantId with a zero-width space', 'POST', submitPath(), { json: { ...validSubmission, participantId: 'participant\u200b0001' } });
  row('J submission requestId with a NUL', 'POST', submitPath(), { json: { ...validSubmission, requestId: 'request\u00000001' } });
  row('J submission themeId with an RTL override', 'POST', submitPath(), { json: { ...validSubmission, themeId: 'mobility\u202e' } });
  row('J submission participantId with a lone surrogate', 'POST', submitPath(), { body: JSON.stringify(validSubmission).replace('participant-0001', 'participant-\\ud8000001') });
  row('J submission participantId with overlong UTF-8 bytes', 'POST', submitPath(), {
    body: Buffer.concat([Buffer.from('{"participantId":"participant'), Buffer.from([0xc0, 0xad]), Buffer.from('0001","requestId":"r1","content":"We should try overlong bytes"}')]),
  });
  row('J query themeId with NUL', 'GET', consultationPath(C, '/proposals?themeId=mobility%00'));
  row('J query participantId with a zero-width space', 'GET', consultationPath(C, `/sequence?participantId=${PARTICIPANT}%E2%80%8B`));
  row('J query consultationId with a lone surrogate', 'GET', `${V}/participants/${PARTICIPANT}/votes?consultationId=${C}%ED%A0%80`);

  // K. SQL payloads in ids, queries and bodies.
  const SQL = ["' OR '1'='1", "'; DROP TABLE votes;--", '1 UNION SELECT * FROM votes', "\\'; DELETE FROM proposals; --", '") OR 1=1 --'];
  for (const payload of SQL) {
    row(`K proposal id ${payload}`, 'PUT', votePath(enc(`${P1}${payload}`)), { json: validVote });
  }
  row('K participant id with SQL', 'PUT', votePath(P1, enc("participant' OR 1=1--")), { json: validVote });
  row('K consultation id with SQL', 'GET', consultationPath(enc(`${C}'--`), '/results'));
  row('K query themeId with SQL', 'GET', consultationPath(C, `/proposals?themeId=${enc("mobility' OR '1'='1")}`));
  row('K query consultationId with SQL', 'GET', `${V}/participants/${PARTICIPANT}/votes?consultationId=${enc(`${C}' OR 1=1--`)}`);
  row('K query participantId with SQL', 'GET', consultationPath(C, `/sequence?participantId=${enc("x' OR 1=1--")}`));
  row('K query cursor with SQL', 'GET', consultationPath(C, `/proposals?cursor=${enc('1; DROP TABLE proposals')}`));
  row('K query cursor with base64 SQL', 'GET', consultationPath(C, `/proposals?cursor=${Buffer.from('after:0 OR 1=1').toString('base64url')}`));
  row('K query limit with SQL', 'GET', consultationPath(C, `/proposals?limit=${enc('1; DROP TABLE votes')}`));
  row('K body key with SQL', 'PUT', votePath(), { json: { ...validVote, key: "agree'; DROP TABLE votes;--" } });
  row('K body participantId with SQL', 'POST', submitPath(), { json: { ...validSubmission, participantId: "' OR ''='" } });
  row('K body requestId with SQL', 'POST', submitPath(), { json: { ...validSubmission, requestId: "r1'); DELETE FROM proposals;--" } });
  row('K body themeId with SQL', 'POST', submitPath(), { json: { ...validSubmission, themeId: "mobility' --" } });
  row('K body votedAt with SQL', 'PUT', votePath(), { json: { ...validVote, votedAt: `${NOW}'; DROP TABLE votes;--` } });

  // L. HTML and script payloads.
  row('L proposal id with a script tag', 'GET', `${V}/proposals/${enc('<script>alert(1)</script>')}`);
  row('L consultation id with an onerror image', 'GET', consultationPath(enc('<img src=x onerror=alert(1)>')));
  row('L participant id with javascript:', 'GET', `${V}/participants/${enc('javascript:alert(1)')}/votes?consultationId=${C}`);
  row('L query themeId with a script tag', 'GET', consultationPath(C, `/proposals?themeId=${enc('<script>')}`));
  row('L body key with a script tag', 'PUT', votePath(), { json: { ...validVote, key: '<script>alert(1)</script>' } });
  row('L body requestId with an SVG onload', 'POST', submitPath(), { json: { ...validSubmission, requestId: '"><svg onload=alert(1)>' } });

  // M. Path traversal, in each id position.
  /** @type {Array<[string, string, number]>} */
  const TRAVERSAL = [
    ['../ segments', '../../../etc/passwd', 404],
    ['a .. segment', '..', 400],
    ['encoded slashes', '..%2F..%2Fetc%2Fpasswd', 400],
    ['encoded dots and slashes', '%2e%2e%2f%2e%2e%2fetc', 400],
    ['an encoded .. segment', '%2e%2e', 400],
    ['an encoded slash in an id', `${P1}%2F..%2Fadmin`, 400],
    ['backslashes', '..\\..\\windows\\win.ini', 400],
    ['encoded backslashes', '..%5c..%5cwindows', 400],
    ['double encoding', '%252e%252e%252fetc', 400],
    ['..;/ (servlet style)', '..;', 400],
  ];
  for (const [name, segment, status] of TRAVERSAL) {
    row(`M proposal id: ${name}`, 'GET', `${V}/proposals/${segment}`, { status });
    row(`M participant id: ${name}`, 'PUT', votePath(P1, segment), { json: validVote, status });
    row(`M consultation id: ${name}`, 'GET', consultationPath(segment, '/results'), { status });
  }
  row('M qualification: .. segment', 'DELETE', qualificationPath('..'));
  row('M qualification: ../ segments', 'DELETE', qualificationPath('../../likeIt'), { status: 404 });
  row('M qualification: encoded slash', 'DELETE', qualificationPath('likeIt%2F..'));
  row('M proposal id: overlong-encoded dots', 'GET', `${V}/proposals/%c0%ae%c0%ae%c0%af`);

  // N. Ids of the wrong length.
  const long = 'a'.repeat(129);
  row('N proposal id of 129 characters', 'GET', `${V}/proposals/${long}`);
  row('N participant id of 129 characters in the path', 'PUT', votePath(P1, long), { json: validVote });
  row('N consultation id of 129 characters', 'GET', consultationPath(long));
  row('N participantId of 129 characters in the body', 'POST', submitPath(), { json: { ...validSubmission, participantId: long } });
  row('N themeId of 129 characters in the query', 'GET', consultationPath(C, `/proposals?themeId=${long}`));
  row('N consultationId of 129 characters in the query', 'GET', `${V}/participants/${PARTICIPANT}/votes?consultationId=${long}`);
  row('N participantId of 129 characters in the query', 'GET', consultationPath(C, `/sequence?participantId=${long}`));
  row('N participant id of 7 characters in the path', 'PUT', votePath(P1, 'partic1'), { json: validVote });
  row('N participantId of 7 characters in the body', 'POST', submitPath(), { json: { ...validSubmission, participantId: 'partic1' } });
  row('N empty requestId', 'POST', submitPath(), { json: { ...validSubmission, requestId: '' } });
  const huge = 'a'.repeat(10_000);
  row('N proposal id of 10 000 characters', 'GET', `${V}/proposals/${huge}`);
  row('N participant id of 10 000 characters', 'PUT', votePath(P1, huge), { json: validVote });
  row('N consultation id of 10 000 characters', 'GET', consultationPath(huge));
  row('N themeId of 10 000 characters in the query', 'GET', consultationPath(C, `/proposals?themeId=${huge}`));
  row('N participantId of 10 000 characters in the body', 'POST', submitPath(), { json: { ...validSubmission, participantId: huge } });

  // O. limit and size that are not plain decimal numbers in range.
  const NUMBERS = ['-1', '0', '101', '1e2', '0x10', '1.5', '%205', '%2B5', '5abc', '', '9999999', 'Infinity', 'NaN', '%EF%BC%95', '1_0', '%D9%A5'];
  for (const value of NUMBERS) {
    row(`O limit=${value}`, 'GET', consultationPath(C, `/proposals?limit=${value}`));
    row(`O size=${value}`, 'GET', consultationPath(C, `/sequence?participantId=${PARTICIPANT}&size=${value}`));
  }

  // P. Duplicate query keys.
  row('P limit twice', 'GET', consultationPath(C, '/proposals?limit=5&limit=6'));
  row('P cursor twice', 'GET', consultationPath(C, '/proposals?cursor=a&cursor=b'));
  row('P themeId twice', 'GET', consultationPath(C, '/proposals?themeId=mobility&themeId=energy'));
  row('P participantId twice', 'GET', consultationPath(C, `/sequence?participantId=${PARTICIPANT}&participantId=${OTHER}`));
  row('P size twice', 'GET', consultationPath(C, `/sequence?participantId=${PARTICIPANT}&size=2&size=3`));
  row('P consultationId twice', 'GET', `${V}/participants/${PARTICIPANT}/votes?consultationId=${C}&consultationId=${SANDBOX}`);
  row('P votedAt twice', 'DELETE', `${votePath()}?votedAt=${enc(NOW)}&votedAt=${enc(NOW)}`);

  // Q. Unknown qualification keys.
  for (const key of ['likeit', 'LikeIt', 'love', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'agree', 'likeIt%00', '%20likeIt']) {
    row(`Q PUT qualification ${key}`, 'PUT', qualificationPath(key), { json: { votedAt: NOW } });
  }
  for (const key of ['__proto__', 'valueOf', 'unknown']) row(`Q DELETE qualification ${key}`, 'DELETE', qualificationPath(key));

  // R. Methods no endpoint has, on known paths.
  const KNOWN_PATHS = {
    consultation: consultationPath(),
    proposals: submitPath(),
    sequence: consultationPath(C, `/sequence?participantId=${PARTICIPANT}`),
    proposal: `${V}/proposals/${P1}`,
    vote: votePath(),
    qualification: qualificationPath(),
    'participant votes': `${V}/participants/${PARTICIPANT}/votes?consultationId=${C}`,
    results: consultationPath(C, '/results'),
  };
  for (const [name, path] of Object.entries(KNOWN_PATHS)) row(`R PATCH ${name}`, 'PATCH', path, { json: validVote, status: 404 });
  row('R POST on a vote', 'POST', votePath(), { json: validVote, status: 404 });
  row('R PUT on a consultation', 'PUT', consultationPath(), { json: {}, status: 404 });
  row('R DELETE a consultation', 'DELETE', consultationPath(), { status: 404 });
  row('R PUT on results', 'PUT', consultationPath(C, '/results'), { json: {}, status: 404 });
  row('R POST on a proposal', 'POST', `${V}/proposals/${P1}`, { json: validSubmission, status: 404 });
  row('R TRACE on a proposal', 'TRACE', `${V}/proposals/${P1}`, { status: 404 });

  // S. HEAD and OPTIONS.
  row('S HEAD on a PUT-only path', 'HEAD', votePath(), { status: 404 });
  row('S HEAD with a bad proposal id', 'HEAD', `${V}/proposals/${enc('bad id')}`);
  row('S HEAD on an unknown path', 'HEAD', `${V}/nothing`, { status: 404 });
  row('S OPTIONS without Origin', 'OPTIONS', votePath(), { status: 404 });
  row('S OPTIONS preflight from an origin that is not allowed', 'OPTIONS', votePath(), {
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    status: 404,
  });

  // T. votedAt values that are no instant.
  const ABSURD = [
    ['month 13', '2025-13-01T00:00Z'],
    ['hour 25, minute 61', '2025-02-10T25:61Z'],
    ['all nines', '9999-99-99T99:99Z'],
    ['offset +99:99', '2025-02-10T09:00+99:99'],
    ['an empty string', ''],
    ['a word', 'yesterday'],
    ['epoch milliseconds as a string', '1739178000000'],
    ['a date without time', '2025-02-10'],
    ['a time without offset', '2025-02-10T09:00'],
    ['a leading space', ' 2025-02-10T09:00Z'],
    ['a trailing newline', '2025-02-10T09:00Z\n'],
    ['an expanded year', '+002025-02-10T09:00Z'],
    ['a space instead of T', '2025-02-10 09:00Z'],
    ['an ISO week date', '2025-W07-1T09:00Z'],
  ];
  for (const [name, votedAt] of ABSURD) {
    row(`T castVote votedAt ${name}`, 'PUT', votePath(), { json: { ...validVote, votedAt } });
  }
  row('T castVote votedAt as a number', 'PUT', votePath(), { json: { ...validVote, votedAt: 1739178000000 } });
  for (const [name, votedAt] of ABSURD.slice(0, 8)) {
    row(`T withdrawVote votedAt ${name}`, 'DELETE', `${votePath()}?votedAt=${enc(votedAt)}`);
  }

  // U. Prototype pollution.
  row('U castVote with __proto__', 'PUT', votePath(), { body: `{"__proto__":{"key":"agree","polluted":true},"votedAt":"${NOW}"}` });
  row('U castVote with constructor.prototype', 'PUT', votePath(), { body: `{"constructor":{"prototype":{"key":"agree"}},"votedAt":"${NOW}"}` });
  row('U castVote with an escaped __proto__ key', 'PUT', votePath(), { body: `{"\\u005f_proto__":{"polluted":true},"key":"agree","votedAt":"${NOW}"}` });
  row('U castVote valid plus __proto__', 'PUT', votePath(), { body: `{"key":"agree","votedAt":"${NOW}","__proto__":{"polluted":true}}` });
  row('U submitProposal with __proto__', 'POST', submitPath(), {
    body: `{"__proto__":{"participantId":"${PARTICIPANT}"},"requestId":"r1","content":"We should pollute prototypes"}`,
  });
  row('U submitProposal author with __proto__', 'POST', submitPath(), {
    body: JSON.stringify({ ...validSubmission, author: 0 }).replace('"author":0', '"author":{"__proto__":{"admin":true}}'),
  });
  row('U addQualification with __proto__', 'PUT', qualificationPath(), { body: `{"__proto__":{"votedAt":"${NOW}"}}` });
  row('U query __proto__ instead of participantId', 'GET', consultationPath(C, `/sequence?__proto__=${PARTICIPANT}`));
  row('U query constructor[prototype][participantId]', 'GET', consultationPath(C, `/sequence?constructor[prototype][participantId]=${PARTICIPANT}`));

  // V. Proposal texts the consultation refuses (prefix "We should", 12–140 characters).
  const submission = (content, consultation = C) => ({ json: { ...validSubmission, content }, consultation });
  row('V content is the prefix only', 'POST', submitPath(), { ...submission('We should'), status: 422 });
  row('V content is empty', 'POST', submitPath(), submission(''));
  row('V content is whitespace', 'POST', submitPath(), { ...submission('     \t   \n     '), status: 422 });
  row('V content is the prefix and spaces', 'POST', submitPath(), { ...submission(`We should${' '.repeat(20)}`), status: 422 });
  row('V content of 5 001 characters', 'POST', submitPath(), submission(`We should ${'x'.repeat(4991)}`));
  row('V content of 141 characters', 'POST', submitPath(), { ...submission(`We should ${'x'.repeat(131)}`), status: 422 });
  row('V content without the prefix', 'POST', submitPath(), { ...submission('Build a cable car to the hill'), status: 422 });
  row('V content with the prefix in lower case', 'POST', submitPath(), { ...submission('we should build a cable car'), status: 422 });
  // (A zero-width space before the prefix is now removed and the text accepted: test/server/text.test.mjs.)
  row('V content with a Cyrillic look-alike prefix', 'POST', submitPath(), { ...submission('We \u0455hould build a cable car'), status: 422 });
  row('V unknown theme', 'POST', submitPath(), { json: { ...validSubmission, themeId: 'no-such-theme' }, status: 422 });
  row('V content with a NUL', 'POST', submitPath(SANDBOX), { ...submission('We should \u0000 build a cable car', SANDBOX), status: 422 });

  // W. Paths around the API.
  row('W another API version', 'GET', `/api/v2/consultations/${C}`, { status: 404 });
  row('W the API root', 'GET', V, { status: 404 });
  row('W the API root with a slash', 'GET', `${V}/`, { status: 404 });
  row('W a double slash', 'GET', `${V}//consultations/${C}`, { status: 404 });
  row('W a trailing slash', 'GET', `${consultationPath()}/`, { status: 404 });
  row('W upper-case prefix', 'GET', `/API/V1/consultations/${C}`, { status: 404 });
  row('W a vote on a pending proposal', 'PUT', votePath(`${C}-p6`), { json: validVote, status: 404 });
  row('W a vote on a refused proposal', 'PUT', votePath(`${C}-p7`), { json: validVote, status: 404 });
  row('W a sequence of an unknown consultation', 'GET', consultationPath('no-such-consultation', `/sequence?participantId=${PARTICIPANT}`), { status: 404 });
  row('W an unknown export format', 'GET', consultationPath(C, '/export.xml'), { status: 404 });

  // --- Issue 9, data (dates, moderation): impossible and pre-2000 click times, accept with a reason. ---
  for (const [name, votedAt] of IMPOSSIBLE_DATES) {
    row(`X9 castVote votedAt ${name}`, 'PUT', votePath(), { json: { ...validVote, votedAt } });
    row(`X9 withdrawVote votedAt ${name}`, 'DELETE', `${votePath()}?votedAt=${enc(votedAt)}`);
    row(`X9 addQualification votedAt ${name}`, 'PUT', qualificationPath(), { json: { votedAt } });
  }
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  for (const [name, json] of [
    ['accept with a reason', { decision: 'accept', reason: 'insulting' }],
    ['accept with a null reason', { decision: 'accept', reason: null }],
    ['refuse without a reason', { decision: 'refuse' }],
  ]) {
    row(`X9 moderation: ${name}`, 'POST', `${V}/admin/proposals/${C}-p6/moderation`, { json, headers: admin });
  }
  // --- end of issue 9, data ---
  // ── Issue 9, proposal text (branch i9-text): invisible, control, zalgo and malformed texts. ──
  // To the sandbox: a server that let one through must not change the health check's tallies.
  const text = (content, status) => ({ ...submission(content, SANDBOX), status });
  for (const [name, char] of [
    ['zero-width spaces', '\u200b'],
    ['zero-width joiners', '\u200d'],
    ['right-to-left overrides', '\u202e'],
    ['Hangul fillers', '\u3164'],
    ['braille blanks', '\u2800'],
  ]) {
    row(`T9 content of 12 ${name}`, 'POST', submitPath(SANDBOX), text(char.repeat(12), 422));
    row(`T9 content of the prefix and 12 ${name}`, 'POST', submitPath(SANDBOX), text(`We should${char.repeat(12)}`, 422));
  }
  row('T9 content with ANSI escapes', 'POST', submitPath(SANDBOX), text('\u001b[31mWe should paint it red\u001b[0m', 422));
  row('T9 content with a C1 control', 'POST', submitPath(SANDBOX), text('We should\u009b build a cable car', 422));
  row('T9 content with DEL', 'POST', submitPath(SANDBOX), text('We should\u007f build a cable car', 422));
  row('T9 content with zalgo', 'POST', submitPath(SANDBOX), text(`We should build a ${'c\u0300\u0301\u0302\u0303\u0304\u0305'.repeat(5)}`, 422));
  row('T9 content with a lone high surrogate', 'POST', submitPath(SANDBOX), text('We should build a cable car \ud800', 400));
  row('T9 content with a lone low surrogate', 'POST', submitPath(SANDBOX), text('\udc00We should build a cable car', 400));
  row('T9 content with a reversed surrogate pair', 'POST', submitPath(SANDBOX), text('We should build a cable car \udf0d\ud83c', 400));
  row('T9 author name with a lone surrogate', 'POST', submitPath(SANDBOX), {
    json: { ...validSubmission, content: 'We should build a cable car', author: { name: 'Cam\ud800ille' } },
    consultation: SANDBOX,
  });
  // EDGE (issue 9, items 1 and 12): spellings of a path and Authorization schemes. A spelling that
  // routes meets the same guards (403 for a forbidden origin); one that does not is a 404.
  const EVIL_ORIGIN = { origin: 'https://evil.example' };
  const spelledVote = [
    ['an encoded letter in the prefix', `/%61pi/v1/proposals/${P1}/votes/${PARTICIPANT}`],
    ['an encoded version', `/api/%76%31/proposals/${P1}/votes/${PARTICIPANT}`],
    ['an encoded collection', `/api/v1/%70roposals/${P1}/votes/${PARTICIPANT}`],
    ['an absolute-form target', `http://evil.example/api/v1/proposals/${P1}/votes/${PARTICIPANT}`],
    ['an absolute-form target, encoded prefix', `https://evil.example/%61pi/v1/proposals/${P1}/votes/${PARTICIPANT}`],
  ];
  for (const [name, path] of spelledVote) {
    row(`EDGE castVote from a forbidden origin through ${name}`, 'PUT', path, { json: validVote, headers: EVIL_ORIGIN, status: 403 });
  }
  row('EDGE submitProposal from a forbidden origin, encoded prefix', 'POST', `/%61pi/v1/consultations/${C}/proposals`, { json: validSubmission, headers: EVIL_ORIGIN, status: 403 });
  row('EDGE participant votes from a forbidden origin, encoded query key', 'GET', `/%61pi/v1/participants/${PARTICIPANT}/votes?%63onsultationId=${C}`, {
    headers: EVIL_ORIGIN,
    status: 403,
  });
  row('EDGE admin API from a web page, encoded prefix', 'GET', '/%61pi/v1/admin/consultations', { headers: { origin: 'https://partner.example' }, status: 403 });
  for (const [name, path] of [
    ['an upper-case encoded letter', `/%41pi/v1/proposals/${P1}/votes/${PARTICIPANT}`],
    ['an encoded slash in the prefix', `/api%2Fv1/proposals/${P1}/votes/${PARTICIPANT}`],
    ['an encoded slash after the collection', `${V}/proposals%2F${P1}/votes/${PARTICIPANT}`],
    ['an encoded dot-dot segment', `${V}/x/%2e%2e/proposals/${P1}/votes/${PARTICIPANT}`],
    ['a dot segment', `${V}/./proposals/${P1}/votes/${PARTICIPANT}`],
    ['a leading double slash', `//api/v1/proposals/${P1}/votes/${PARTICIPANT}`],
    ['backslashes', `${V}\\proposals\\${P1}/votes/${PARTICIPANT}`],
  ]) {
    row(`EDGE castVote through ${name}`, 'PUT', path, { json: validVote, headers: EVIL_ORIGIN, status: 404 });
  }
  row('EDGE admin API with a lower-case scheme and a wrong token', 'GET', `${V}/admin/consultations`, { headers: { authorization: 'bearer not-the-token' }, status: 401 });
  row('EDGE admin API with the scheme glued to the token', 'GET', `${V}/admin/consultations`, { headers: { authorization: 'Bearernot-the-token' }, status: 401 });
  row('EDGE admin API with Basic', 'GET', `${V}/admin/consultations`, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401 });
  row('EDGE castVote with a lower-case scheme and a forged token', 'PUT', votePath(), { json: validVote, headers: { authorization: 'bearer v1.9999999999.AAAA' }, status: 401 });
  // Z-PERF. Admin import bodies, read as text and parsed in batches (server/http/import-body.ts):
  // whatever the batches are cut from, only JSON passes, and the file's check names the proposal.
  const importPath = `${V}/admin/consultations`;
  const importConsultation = JSON.stringify({ id: 'hostile-import', title: 'T', question: 'Q?', locale: 'en' });
  const proposal = (i) => JSON.stringify({ id: `hostile-import-${i}`, content: `We should test import number ${i}` });
  const many = (n) => Array.from({ length: n }, (_, i) => proposal(i)).join(',');
  const importRow = (name, body) => row(`Z-PERF import ${name}`, 'POST', importPath, { body, headers: admin });
  importRow('cut short', `{"consultation":${importConsultation},"proposals":[${proposal(0)}`);
  importRow('with a trailing comma in proposals', `{"consultation":${importConsultation},"proposals":[${proposal(0)},]}`);
  importRow('with a leading comma in proposals', `{"consultation":${importConsultation},"proposals":[,${proposal(0)}]}`);
  importRow('with two commas between proposals', `{"consultation":${importConsultation},"proposals":[${proposal(0)},,${proposal(1)}]}`);
  importRow('with a trailing comma after 1,000 proposals', `{"consultation":${importConsultation},"proposals":[${many(1000)},]}`);
  importRow('with an empty element at 1,000', `{"consultation":${importConsultation},"proposals":[${many(1000)},,${proposal(1000)}]}`);
  importRow('with an unterminated string in a proposal', `{"consultation":${importConsultation},"proposals":[{"id":"x,"content":"y"}]}`);
  importRow('with proposals twice', `{"consultation":${importConsultation},"proposals":[${proposal(0)}],"proposals":[{"id":"bad id"}]}`);
  importRow('with __proto__ at the top', `{"__proto__":{"polluted":true},"consultation":${importConsultation},"proposals":[]}`);
  importRow('with __proto__ in a proposal', `{"consultation":${importConsultation},"proposals":[{"__proto__":{"polluted":true},"id":"p","content":"We should pollute"}]}`);
  importRow('as a top-level array', `[{"consultation":${importConsultation},"proposals":[]}]`);
  importRow('with a proposal without content at 2,500', `{"consultation":${importConsultation},"proposals":[${many(2500)},{"id":"hostile-import-x"}]}`);
  importRow('with proposals as an object', `{"consultation":${importConsultation},"proposals":{"0":${proposal(0)}}}`);
  // ── Issue 10, server-issued participants (branch i10-issue): bad bodies for POST /participants,
  // and requests naming an issued id (`i_…`) without its token or with a bad one. ──
  const issuePath = `${V}/participants`;
  for (const [name, json] of [
    ['no consultationId', {}],
    ['consultationId a number', { consultationId: 7 }],
    ['consultationId null', { consultationId: null }],
    ['consultationId an array', { consultationId: [C] }],
    ['consultationId an object', { consultationId: { id: C } }],
    ['consultationId with a slash', { consultationId: `${C}/../x` }],
    ['consultationId empty', { consultationId: '' }],
    ['consultationId of 129 characters', { consultationId: 'c'.repeat(129) }],
    ['consultationId with SQL', { consultationId: "x' OR '1'='1" }],
    ['a body that is an array', [{ consultationId: C }]],
    ['a body that is a string', C],
    ['__proto__ in the body', JSON.parse(`{"__proto__":{"consultationId":"${C}"}}`)],
  ]) {
    row(`ISSUE issueParticipant with ${name}`, 'POST', issuePath, { json });
  }
  row('ISSUE issueParticipant for an unknown consultation', 'POST', issuePath, { json: { consultationId: 'no-such-consultation' }, status: 404 });
  row('ISSUE issueParticipant from a forbidden origin', 'POST', issuePath, { json: { consultationId: C }, headers: EVIL_ORIGIN, status: 403 });
  row('ISSUE issueParticipant as text/plain', 'POST', issuePath, { body: JSON.stringify({ consultationId: C }), contentType: 'text/plain' });
  row('ISSUE issueParticipant with an empty body', 'POST', issuePath, { body: '' });
  row('ISSUE GET on the participants collection', 'GET', issuePath, { status: 404 });
  row('ISSUE PUT on the participants collection', 'PUT', issuePath, { json: { consultationId: C }, status: 404 });
  const ISSUED = 'i_AAAAAAAAAAAAAAAAAAAAAA';
  const forged = `i1.9999999999.${'A'.repeat(43)}`;
  const bearer = (token) => ({ authorization: `Bearer ${token}` });
  for (const [name, headers] of [
    ['no token', {}],
    ['a forged token', bearer(forged)],
    ['a host-signed token format', bearer(`v1.9999999999.${'A'.repeat(43)}`)],
    ['a token with an expiry of 13 digits', bearer(`i1.99999999999999.${'A'.repeat(43)}`)],
    ['a token cut short', bearer('i1.9999999999.AAAA')],
    ['a token of 4,000 characters', bearer(`i1.9999999999.${'A'.repeat(4000)}`)],
    ['the admin token', bearer(ADMIN_TOKEN)],
    ['Basic credentials', { authorization: 'Basic aV86eA==' }],
  ]) {
    row(`ISSUE castVote on an issued id with ${name}`, 'PUT', votePath(P1, ISSUED), { json: validVote, headers, status: 401 });
  }
  row('ISSUE withdrawVote on an issued id without its token', 'DELETE', `${votePath(P1, ISSUED)}?votedAt=${enc(NOW)}`, { status: 401 });
  row('ISSUE addQualification on an issued id without its token', 'PUT', qualificationPath('likeIt', P1, ISSUED), { json: { votedAt: NOW }, status: 401 });
  row('ISSUE removeQualification on an issued id with a forged token', 'DELETE', qualificationPath('likeIt', P1, ISSUED), { headers: bearer(forged), status: 401 });
  row('ISSUE participant votes of an issued id without its token', 'GET', `${V}/participants/${ISSUED}/votes?consultationId=${C}`, { status: 401 });
  row('ISSUE participant votes of an issued id with a forged token', 'GET', `${V}/participants/${ISSUED}/votes?consultationId=${C}`, { headers: bearer(forged), status: 401 });
  row('ISSUE sequence of an issued id without its token', 'GET', consultationPath(C, `/sequence?participantId=${ISSUED}`), { status: 401 });
  row('ISSUE submitProposal as an issued id without its token', 'POST', submitPath(), { json: { ...validSubmission, participantId: ISSUED }, status: 401 });
  // ── end of issue 10, server-issued participants ──
  // ── Issue 10, trusted counting (branch i10-trusted): who counts is a boolean or absent, nothing else. ──
  const trustConsultation = (value) => JSON.stringify({ id: 'hostile-trust', title: 'T', question: 'Q?', locale: 'en', countUntrusted: value });
  for (const value of ['yes', 'true', 1, null, [], {}]) importRow(`with countUntrusted ${JSON.stringify(value)}`, `{"consultation":${trustConsultation(value)},"proposals":[]}`);
  // ── end of issue 10, trusted counting ──
  // ── Issue 10, erasure (branch i10-erase): DELETE /participants/{id} needs the participant's
  // token; DELETE /admin/participants/{id} the admin token. None of these may erase anything. ──
  const erasePath = (participant = PARTICIPANT, query = `?consultationId=${C}`) => `${V}/participants/${participant}${query}`;
  const hostSigned = bearer(`v1.9999999999.${'A'.repeat(43)}`);
  for (const [name, path, options] of [
    ['without consultationId', erasePath(PARTICIPANT, ''), { headers: hostSigned }],
    ['with consultationId twice', erasePath(PARTICIPANT, `?consultationId=${C}&consultationId=${SANDBOX}`), { headers: hostSigned }],
    ['with an empty consultationId', erasePath(PARTICIPANT, '?consultationId='), { headers: hostSigned }],
    ['with consultationId carrying SQL', erasePath(PARTICIPANT, `?consultationId=${enc("x' OR '1'='1")}`), { headers: hostSigned }],
    ['for an unknown consultation', erasePath(PARTICIPANT, '?consultationId=no-such-consultation'), { headers: hostSigned, status: 404 }],
    ['with a participant id carrying SQL', erasePath(enc("p' OR '1'='1")), { headers: hostSigned }],
    ['with a participant id of 129 characters', erasePath('p'.repeat(129)), { headers: hostSigned }],
    ['with a participant id of %2e%2e', erasePath('%2e%2e'), { headers: hostSigned }],
    ['of a bare id without a token', erasePath(), { status: 401 }],
    ['of a bare id with a forged host token', erasePath(), { headers: hostSigned, status: 401 }],
    ['of a bare id with the admin token', erasePath(), { headers: bearer(ADMIN_TOKEN), status: 401 }],
    ['of an issued id without its token', erasePath(ISSUED), { status: 401 }],
    ['of an issued id with a forged token', erasePath(ISSUED), { headers: bearer(forged), status: 401 }],
    ['of an issued id with Basic credentials', erasePath(ISSUED), { headers: { authorization: 'Basic aV86eA==' }, status: 401 }],
    ['from a forbidden origin', erasePath(), { headers: { ...hostSigned, ...EVIL_ORIGIN }, status: 403 }],
  ]) {
    row(`ERASE eraseParticipation ${name}`, 'DELETE', path, options);
  }
  row('ERASE GET on a participant', 'GET', `${V}/participants/${PARTICIPANT}`, { status: 404 });
  row('ERASE PUT on a participant', 'PUT', `${V}/participants/${PARTICIPANT}`, { json: {}, status: 404 });
  const adminErase = (participant) => `${V}/admin/participants/${participant}`;
  row('ERASE admin erasure without the admin token', 'DELETE', adminErase(PARTICIPANT), { status: 401 });
  row('ERASE admin erasure with a participant token', 'DELETE', adminErase(ISSUED), { headers: bearer(forged), status: 401 });
  row('ERASE admin erasure with the admin token in the query', 'DELETE', `${adminErase(PARTICIPANT)}?token=${ADMIN_TOKEN}`, { status: 401 });
  const adminBearer = bearer(ADMIN_TOKEN);
  row('ERASE admin erasure of an id carrying SQL', 'DELETE', adminErase(enc("p' OR '1'='1")), { headers: adminBearer });
  row('ERASE admin erasure of an id of 129 characters', 'DELETE', adminErase('p'.repeat(129)), { headers: adminBearer });
  row('ERASE admin erasure of an id with a space', 'DELETE', adminErase('p%20q'), { headers: adminBearer });
  row('ERASE admin GET on a participant', 'GET', adminErase(PARTICIPANT), { headers: adminBearer, status: 404 });
  // ── end of issue 10, erasure ──
  // ── Issue 10, cohorts (branch i10-cohorts): the admin cohort routes need the admin token, a
  // cohort id of 22 base64url characters, and { reason, by } of sane length without control
  // characters; an unknown cohort is a 404. None of these may exclude anything. ──
  const cohortsPath = (cid = C) => `${V}/admin/consultations/${cid}/cohorts`;
  const cohortPath = (cohort = 'A'.repeat(22), action = 'exclusion', cid = C) => `${cohortsPath(cid)}/${cohort}/${action}`;
  const decision = { reason: 'Looks scripted', by: 'Ana' };
  row('COHORT list without the admin token', 'GET', cohortsPath(), { status: 401 });
  row('COHORT list with a participant token', 'GET', cohortsPath(), { headers: bearer(forged), status: 401 });
  row('COHORT list with the admin token in the query', 'GET', `${cohortsPath()}?token=${ADMIN_TOKEN}`, { status: 401 });
  row('COHORT list of an unknown consultation', 'GET', cohortsPath('no-such-consultation'), { headers: admin, status: 404 });
  row('COHORT list of a consultation id carrying SQL', 'GET', cohortsPath(enc("x' OR '1'='1")), { headers: admin });
  row('COHORT exclusion without the admin token', 'POST', cohortPath(), { json: decision, status: 401 });
  row('COHORT restoration without the admin token', 'POST', cohortPath(undefined, 'restoration'), { json: decision, status: 401 });
  row('COHORT exclusion of an unknown cohort', 'POST', cohortPath(), { json: decision, headers: admin, status: 404 });
  row('COHORT restoration of a cohort never excluded', 'POST', cohortPath(undefined, 'restoration'), { json: decision, headers: admin, status: 404 });
  row('COHORT exclusion in an unknown consultation', 'POST', cohortPath(undefined, undefined, 'no-such-consultation'), { json: decision, headers: admin, status: 404 });
  for (const [name, id] of [
    ['too short', 'A'.repeat(21)],
    ['too long', 'A'.repeat(23)],
    ['of 129 characters', 'A'.repeat(129)],
    ['carrying SQL', enc("AAAAAAAAAAAAAAA' OR '1")],
    ['of %2e%2e', '%2e%2e'],
    ['with a percent-encoded slash', `${'A'.repeat(10)}%2F${'A'.repeat(9)}`],
    ['with non-ASCII letters', enc('É'.repeat(22))],
    ['with a space', `${'A'.repeat(10)}%20${'A'.repeat(11)}`],
  ]) {
    row(`COHORT exclusion of a cohort id ${name}`, 'POST', cohortPath(id), { json: decision, headers: admin });
  }
  for (const [name, body] of [
    ['without a reason', { by: 'Ana' }],
    ['without by', { reason: 'Looks scripted' }],
    ['with an empty reason', { reason: '  ', by: 'Ana' }],
    ['with a huge reason', { reason: 'x'.repeat(5000), by: 'Ana' }],
    ['with a huge by', { reason: 'Looks scripted', by: 'A'.repeat(1000) }],
    ['with a reason carrying ESC', { reason: 'Looks \u001b[31mscripted', by: 'Ana' }],
    ['with a by carrying NUL', { reason: 'Looks scripted', by: 'An\u0000a' }],
    ['with a numeric reason', { reason: 12345, by: 'Ana' }],
    ['with an unknown field', { ...decision, members: ['participant-0001'] }],
    ['as an array', [decision]],
  ]) {
    row(`COHORT exclusion ${name}`, 'POST', cohortPath(), { json: body, headers: admin });
  }
  row('COHORT exclusion with a reason holding a lone surrogate', 'POST', cohortPath(), { body: '{"reason":"Looks \\ud800 scripted","by":"Ana"}', headers: admin });
  row('COHORT exclusion with a form body', 'POST', cohortPath(), { body: 'reason=Looks+scripted&by=Ana', headers: admin, contentType: 'application/x-www-form-urlencoded' });
  row('COHORT DELETE on an exclusion', 'DELETE', cohortPath(), { headers: admin, status: 404 });
  // ── end of issue 10, cohorts ──
  // ── Issue 10, proof of work at issuance (branch i10-issuance): a malformed proof is refused by
  // the schema before anything is checked or issued (this server asks none: a well-formed one
  // would issue, so only malformed ones are rows); the challenge needs its consultation. ──
  const goodProof = { algorithm: 'SHA-256', challenge: 'a'.repeat(64), number: 7, salt: `abcdef012345?consultationId=${C}&expires=9999999999&`, signature: 'b'.repeat(64) };
  for (const [name, proof] of [
    ['a string', 'eyJhbGdvcml0aG0iOiJTSEEtMjU2In0='],
    ['null', null],
    ['an array', [goodProof]],
    ['algorithm SHA-1', { ...goodProof, algorithm: 'SHA-1' }],
    ['algorithm PBKDF2', { ...goodProof, algorithm: 'PBKDF2/SHA-256' }],
    ['a number as a string', { ...goodProof, number: '7' }],
    ['a negative number', { ...goodProof, number: -1 }],
    ['a number over 10^8', { ...goodProof, number: 100_000_001 }],
    ['a fractional number', { ...goodProof, number: 7.5 }],
    ['a short challenge', { ...goodProof, challenge: 'a'.repeat(63) }],
    ['a challenge with SQL', { ...goodProof, challenge: `${'a'.repeat(56)}' OR 1=1` }],
    ['an upper-case signature', { ...goodProof, signature: 'B'.repeat(64) }],
    ['no signature', dropField(goodProof, 'signature')],
    ['no salt', dropField(goodProof, 'salt')],
    ['a salt of 513 characters', { ...goodProof, salt: 's'.repeat(513) }],
    ['a salt of 7 characters', { ...goodProof, salt: 'sssssss' }],
  ]) {
    row(`PROOF issueParticipant with a proof that is ${name}`, 'POST', `${V}/participants`, { json: { consultationId: C, proof } });
  }
  const challengePath = (query) => `${V}/participants/challenge${query}`;
  row('PROOF challenge without consultationId', 'GET', challengePath(''));
  row('PROOF challenge with an empty consultationId', 'GET', challengePath('?consultationId='));
  row('PROOF challenge with consultationId carrying SQL', 'GET', challengePath(`?consultationId=${enc("x' OR '1'='1")}`));
  row('PROOF challenge with consultationId twice', 'GET', challengePath(`?consultationId=${C}&consultationId=${SANDBOX}`));
  row('PROOF challenge for an unknown consultation', 'GET', challengePath('?consultationId=no-such-consultation'), { status: 404 });
  row('PROOF challenge where no proof is asked', 'GET', challengePath(`?consultationId=${C}`), { status: 404 });
  row('PROOF challenge from a forbidden origin', 'GET', challengePath(`?consultationId=${C}`), { headers: EVIL_ORIGIN, status: 403 });
  row('PROOF POST on the challenge', 'POST', challengePath(`?consultationId=${C}`), { json: {}, status: 404 });
  // ── end of issue 10, proof of work at issuance ──
  // ── Issue 12, operator accounts (branch i12-accounts): login, sessions, invitations and the
  // operators routes. Writes with a session need this server's Origin (rows send Host and Origin
  // of one console); none of these may log in, create or change an operator. ──
  const CONSOLE = { host: 'console.example', origin: 'http://console.example' };
  const sessionPath = `${V}/admin/session`;
  const goodLogin = { email: 'ana@example.org', password: 'correct horse battery staple' };
  row('ACCOUNTS login without Origin', 'POST', sessionPath, { json: goodLogin, status: 403 });
  row('ACCOUNTS login from a foreign origin', 'POST', sessionPath, { json: goodLogin, headers: { ...CONSOLE, origin: 'https://evil.example' }, status: 403 });
  row('ACCOUNTS login from the console over https while it is http', 'POST', sessionPath, { json: goodLogin, headers: { ...CONSOLE, origin: 'https://console.example' }, status: 403 });
  for (const [name, body] of [
    ['{}', {}],
    ['without a password', { email: goodLogin.email }],
    ['without an email', { password: goodLogin.password }],
    ['with an email of 1 000 characters', { ...goodLogin, email: `${'a'.repeat(990)}@example.org` }],
    ['with an email of 255 characters', { ...goodLogin, email: `${'a'.repeat(243)}@example.org` }],
    ['with an email carrying NUL', { ...goodLogin, email: 'ana\u0000@example.org' }],
    ['with an email carrying an RTL override', { ...goodLogin, email: 'ana\u202e@example.org' }],
    ['with an email carrying a zero-width space', { ...goodLogin, email: 'an\u200ba@example.org' }],
    ['with an email without @', { ...goodLogin, email: 'ana.example.org' }],
    ['with an email of two @', { ...goodLogin, email: 'ana@b@example.org' }],
    ['with an email carrying SQL', { ...goodLogin, email: "' OR '1'='1@example.org" }],
    ['with an email as an array', { ...goodLogin, email: [goodLogin.email] }],
    ['with an empty password', { ...goodLogin, password: '' }],
    ['with a password of 257 characters', { ...goodLogin, password: 'p'.repeat(257) }],
    ['with a password of 10 000 characters', { ...goodLogin, password: 'p'.repeat(10_000) }],
    ['with a numeric password', { ...goodLogin, password: 123456789012 }],
    ['with an unknown field', { ...goodLogin, role: 'admin' }],
    ['as an array', [goodLogin]],
  ]) {
    row(`ACCOUNTS login ${name}`, 'POST', sessionPath, { json: body, headers: CONSOLE });
  }
  row('ACCOUNTS login with a password of 1 MB', 'POST', sessionPath, { json: { ...goodLogin, password: 'p'.repeat(1 << 20) }, headers: CONSOLE, status: 413 });
  row('ACCOUNTS login with a password holding a lone surrogate', 'POST', sessionPath, { body: '{"email":"ana@example.org","password":"correct \\ud800 horse"}', headers: CONSOLE });
  row('ACCOUNTS login with a form body', 'POST', sessionPath, { body: 'email=ana%40example.org&password=x', headers: CONSOLE, contentType: 'application/x-www-form-urlencoded' });
  row('ACCOUNTS session without credentials', 'GET', sessionPath, { status: 401 });
  row('ACCOUNTS session with an unknown cookie', 'GET', sessionPath, { headers: { cookie: `consult_session=${'A'.repeat(43)}` }, status: 401 });
  row('ACCOUNTS session with a cookie of 6 000 characters', 'GET', sessionPath, { headers: { cookie: `consult_session=${'A'.repeat(6000)}` }, status: 401 });
  row('ACCOUNTS session with a cookie carrying SQL', 'GET', sessionPath, { headers: { cookie: "consult_session=' OR '1'='1" }, status: 401 });
  row('ACCOUNTS session with an empty cookie', 'GET', sessionPath, { headers: { cookie: 'consult_session=' }, status: 401 });
  row('ACCOUNTS session with the id in the query', 'GET', `${sessionPath}?consult_session=${'A'.repeat(43)}`, { status: 401 });
  row('ACCOUNTS logout without credentials', 'DELETE', sessionPath, { headers: CONSOLE, status: 401 });
  row('ACCOUNTS logout with an unknown cookie', 'DELETE', sessionPath, { headers: { ...CONSOLE, cookie: `consult_session=${'A'.repeat(43)}` }, status: 401 });
  row('ACCOUNTS PUT on the session', 'PUT', sessionPath, { json: goodLogin, headers: CONSOLE, status: 404 });
  const invitationPath = (token = 'A'.repeat(43)) => `${V}/admin/invitations/${token}`;
  const newPassword = { password: 'a brand new passphrase' };
  row('ACCOUNTS invitation without Origin', 'POST', invitationPath(), { json: newPassword, status: 403 });
  for (const [name, token] of [
    ['too short', 'A'.repeat(42)],
    ['too long', 'A'.repeat(44)],
    ['of 129 characters', 'A'.repeat(129)],
    ['carrying SQL', enc(`${'A'.repeat(33)}' OR '1'='1`)],
    ['of %2e%2e', '%2e%2e'],
    ['with a percent-encoded slash', `${'A'.repeat(20)}%2F${'A'.repeat(22)}`],
  ]) {
    row(`ACCOUNTS invitation with a token ${name}`, 'POST', invitationPath(token), { json: newPassword, headers: CONSOLE });
  }
  row('ACCOUNTS invitation with a password of 11 characters', 'POST', invitationPath(), { json: { password: 'p'.repeat(11) }, headers: CONSOLE });
  row('ACCOUNTS invitation with a password of 257 characters', 'POST', invitationPath(), { json: { password: 'p'.repeat(257) }, headers: CONSOLE });
  row('ACCOUNTS invitation without a body', 'POST', invitationPath(), { headers: CONSOLE, contentType: null });
  row('ACCOUNTS invitation unknown (a well-formed token)', 'POST', invitationPath(), { json: newPassword, headers: CONSOLE, status: 404 });
  row('ACCOUNTS GET on an invitation', 'GET', invitationPath(), { status: 404 });
  const operatorsPath = `${V}/admin/operators`;
  const goodOperator = { email: 'new@example.org', role: 'moderator', password: 'correct horse battery staple' };
  row('ACCOUNTS operators without credentials', 'GET', operatorsPath, { status: 401 });
  row('ACCOUNTS operator added without credentials', 'POST', operatorsPath, { json: goodOperator, status: 401 });
  row('ACCOUNTS operator added with the token in the query', 'POST', `${operatorsPath}?token=${ADMIN_TOKEN}`, { json: goodOperator, status: 401 });
  for (const [name, body] of [
    ['with role root', { ...goodOperator, role: 'root' }],
    ['with role Admin', { ...goodOperator, role: 'Admin' }],
    ['without a role', dropField(goodOperator, 'role')],
    ['with a password of 11 characters', { ...goodOperator, password: 'p'.repeat(11) }],
    ['with a password of 10 000 characters', { ...goodOperator, password: 'p'.repeat(10_000) }],
    ['with an email of 300 characters', { ...goodOperator, email: `${'a'.repeat(288)}@example.org` }],
    ['with an email carrying ESC', { ...goodOperator, email: 'new\u001b@example.org' }],
    ['with an unknown field', { ...goodOperator, id: 'op_AAAAAAAAAAAAAAAAAAAAAA' }],
    ['with a null password', { ...goodOperator, password: null }],
  ]) {
    row(`ACCOUNTS operator added ${name}`, 'POST', operatorsPath, { json: body, headers: admin });
  }
  const operatorPath = (id = 'op_AAAAAAAAAAAAAAAAAAAAAA') => `${operatorsPath}/${id}`;
  for (const [name, id] of [
    ['without its prefix', 'A'.repeat(22)],
    ['of 129 characters', `op_${'A'.repeat(126)}`],
    ['carrying SQL', enc("op_' OR '1'='1")],
    ['of %2e%2e', '%2e%2e'],
  ]) {
    row(`ACCOUNTS operator removed with an id ${name}`, 'DELETE', operatorPath(id), { headers: admin });
    row(`ACCOUNTS operator re-roled with an id ${name}`, 'PUT', `${operatorPath(id)}/role`, { json: { role: 'admin' }, headers: admin });
  }
  row('ACCOUNTS unknown operator removed', 'DELETE', operatorPath(), { headers: admin, status: 404 });
  row('ACCOUNTS unknown operator re-roled', 'PUT', `${operatorPath()}/role`, { json: { role: 'admin' }, headers: admin, status: 404 });
  row('ACCOUNTS operator re-roled to root', 'PUT', `${operatorPath()}/role`, { json: { role: 'root' }, headers: admin, status: 404 });
  // ── end of issue 12, operator accounts ──
  // ── Issue 12, setup (branch i12-setup): consultation forms, edits, polls, bulk proposals and the
  // dashboard refuse what is malformed, unauthorised or against a rule, and add or change nothing
  // (the health check after the table sees the same consultations and proposals). ──
  const setupPath = (rest = '', cid = C) => `${V}/admin/consultations/${cid}${rest}`;
  const bulkPath = (query = '', cid = C) => setupPath(`/proposals${query}`, cid);
  const setupForm = { title: 'Hostile', question: 'Hostile?', locale: 'en' };
  const csvRow = (name, body, status = 422, contentType = 'text/csv') => row(`SETUP bulk CSV ${name}`, 'POST', bulkPath(), { body, headers: admin, contentType, status });
  row('SETUP create without the admin token', 'POST', `${V}/admin/consultations`, { json: setupForm, status: 401 });
  row('SETUP create over an existing consultation', 'POST', `${V}/admin/consultations`, { json: { ...setupForm, id: C }, headers: admin, status: 409 });
  row('SETUP create closing before opening', 'POST', `${V}/admin/consultations`, { json: { ...setupForm, opensAt: '2026-05-02T00:00:00Z', closesAt: '2026-05-01T00:00:00Z' }, headers: admin, status: 422 });
  row('SETUP create with an unknown field', 'POST', `${V}/admin/consultations`, { json: { ...setupForm, admin: true }, headers: admin });
  row('SETUP create with a javascript: origin', 'POST', `${V}/admin/consultations`, { json: { ...setupForm, allowedOrigins: ['javascript:alert(1)'] }, headers: admin });
  row('SETUP edit without the admin token', 'PATCH', setupPath(), { json: { title: 'x' }, status: 401 });
  row('SETUP edit with the admin token in the query', 'PATCH', `${setupPath()}?token=${ADMIN_TOKEN}`, { json: { title: 'x' }, status: 401 });
  row('SETUP edit of an unknown consultation', 'PATCH', setupPath('', 'no-such-consultation'), { json: { title: 'x' }, headers: admin, status: 404 });
  row('SETUP edit of a consultation id carrying SQL', 'PATCH', setupPath('', enc("x' OR '1'='1")), { json: { title: 'x' }, headers: admin });
  for (const [name, body] of [
    ['the id', { id: 'renamed' }],
    ['the counts', { counts: { participants: 0, proposals: 0, votes: 0 } }],
    ['__proto__', JSON.parse('{"__proto__":{"polluted":true}}')],
    ['an empty title', { title: '' }],
    ['a title of 301 characters', { title: 't'.repeat(301) }],
    ['status paused', { status: 'paused' }],
    ['an impossible opening date', { opensAt: '2026-02-30T10:00:00Z' }],
    ['an opening date without offset', { opensAt: '2026-03-01T10:00:00' }],
    ['an opening date before 2000', { opensAt: '1999-12-31T23:59:59Z' }],
    ['a negative minimum length', { proposalMinLength: -1 }],
    ['themes as an object', { themes: { mobility: 'Mobility' } }],
    ['a theme id with a slash', { themes: [{ id: 'a/b', label: 'A' }] }],
    ['an origin with a path', { allowedOrigins: ['https://partner.example/page'] }],
    ['an array', [{ title: 'x' }]],
  ]) {
    row(`SETUP edit with ${name}`, 'PATCH', setupPath(), { json: body, headers: admin });
  }
  row('SETUP edit with a lone surrogate in the title', 'PATCH', setupPath(), { body: '{"title":"Bad \\ud800 title"}', headers: admin });
  row('SETUP edit with a form body', 'PATCH', setupPath(), { body: 'title=x', headers: admin, contentType: 'application/x-www-form-urlencoded' });
  row('SETUP edit removing a theme proposals use', 'PATCH', setupPath(), { json: { themes: [{ id: 'energy', label: 'Energy' }] }, headers: admin, status: 409 });
  row('SETUP edit with a minimum above the maximum', 'PATCH', setupPath(), { json: { proposalMinLength: 1000 }, headers: admin, status: 422 });
  row('SETUP edit closing before opening', 'PATCH', setupPath(), { json: { opensAt: '2026-05-02T00:00:00Z', closesAt: '2026-05-01T00:00:00Z' }, headers: admin, status: 422 });
  row('SETUP changes without the admin token', 'GET', setupPath('/changes'), { status: 401 });
  row('SETUP changes of an unknown consultation', 'GET', setupPath('/changes', 'no-such-consultation'), { headers: admin, status: 404 });
  const pollPath = `${V}/admin/polls`;
  const poll = { question: 'Hostile poll?', statements: ['We should never be created'] };
  row('SETUP poll without the admin token', 'POST', pollPath, { json: poll, status: 401 });
  row('SETUP poll with no statement', 'POST', pollPath, { json: { ...poll, statements: [] }, headers: admin });
  row('SETUP poll with six statements', 'POST', pollPath, { json: { ...poll, statements: Array.from({ length: 6 }, (_, i) => `Statement number ${i}`) }, headers: admin });
  row('SETUP poll with statements as a string', 'POST', pollPath, { json: { ...poll, statements: 'one, two' }, headers: admin });
  row('SETUP poll with an unknown field', 'POST', pollPath, { json: { ...poll, themes: [] }, headers: admin });
  row('SETUP poll with a bad origin', 'POST', pollPath, { json: { ...poll, allowedOrigin: 'evil' }, headers: admin });
  row('SETUP poll with a NUL in a statement', 'POST', pollPath, { json: { ...poll, statements: ['We should \u0000 hide this'] }, headers: admin, status: 422 });
  row('SETUP poll with a statement too short', 'POST', pollPath, { json: { ...poll, statements: ['Yes'] }, headers: admin, status: 422 });
  row('SETUP poll GET', 'GET', pollPath, { headers: admin, status: 404 });
  row('SETUP bulk without the admin token', 'POST', bulkPath(), { body: 'We should not be added\n', contentType: 'text/csv', status: 401 });
  row('SETUP bulk into an unknown consultation', 'POST', bulkPath('', 'no-such-consultation'), { body: 'We should not be added\n', headers: admin, contentType: 'text/csv', status: 404 });
  row('SETUP bulk with dryRun=maybe', 'POST', bulkPath('?dryRun=maybe'), { body: 'We should not be added\n', headers: admin, contentType: 'text/csv' });
  row('SETUP bulk as text/plain', 'POST', bulkPath(), { body: 'We should not be added\n', headers: admin, contentType: 'text/plain' });
  csvRow('injection without the prefix', '=HYPERLINK("http://evil.example","click")\n');
  csvRow('injection with a pipe command', "=cmd|' /C calc'!A0\n");
  csvRow('a NUL in a line', 'We should \u0000 hide this\n');
  csvRow('a zalgo line', `We should ${'e\u0301\u0302\u0303\u0304\u0305\u0306'.repeat(5)}\n`);
  csvRow('a BOM then a refused line', '\ufeffToo short\r\n');
  csvRow('CRLF then a quote never closed', 'We should add this\r\n"We should never close\r\n');
  csvRow('text after a closing quote', '"We should ""quote"" badly"x\n');
  csvRow('a bare quote inside a field', 'We should "quote" badly\n');
  csvRow('three fields', 'We should add,mobility,extra\n');
  csvRow('an unknown theme', 'We should add this,no-such-theme\n');
  csvRow('an unknown header column', 'content,author\nWe should add this,Ana\n');
  csvRow('the same line twice', 'We should add this\nWe should add this\n');
  csvRow('one good line and one bad', 'We should add this\nToo short\n');
  csvRow('a header only', 'content,theme\r\n', 400);
  csvRow('empty', '', 400);
  csvRow('in Latin-1', Buffer.from('We should fête this\n', 'latin1'), 400);
  csvRow('in UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('We should add this\n', 'utf16le')]), 400);
  csvRow('saying charset=windows-1252', 'We should add this\n', 400, 'text/csv; charset=windows-1252');
  csvRow('of 5,001 lines', Array.from({ length: 5001 }, (_, i) => `We should add line ${i}`).join('\n'), 413);
  csvRow('over 1 MiB', `We should ${'x'.repeat(1024 * 1024)}\n`, 413);
  const jsonBulk = (name, json, status = 400) => row(`SETUP bulk JSON ${name}`, 'POST', bulkPath(), { json, headers: admin, status });
  jsonBulk('with no proposal', { proposals: [] });
  jsonBulk('with a number as content', { proposals: [{ content: 1 }] });
  jsonBulk('with proposals as a string', { proposals: 'We should add this' });
  jsonBulk('with an unknown field', { proposals: [{ content: 'We should add this', status: 'pending' }] });
  jsonBulk('of 5,001 proposals', { proposals: Array.from({ length: 5001 }, (_, i) => ({ content: `We should add ${i}` })) });
  jsonBulk('with a refused text', { proposals: [{ content: 'We should add this' }, { content: 'Nope' }] }, 422);
  row('SETUP dashboard without the admin token', 'GET', setupPath('/dashboard'), { status: 401 });
  row('SETUP dashboard with bucket=week', 'GET', setupPath('/dashboard?bucket=week'), { headers: admin });
  row('SETUP dashboard with bucket twice', 'GET', setupPath('/dashboard?bucket=hour&bucket=day'), { headers: admin });
  row('SETUP dashboard of an unknown consultation', 'GET', setupPath('/dashboard', 'no-such-consultation'), { headers: admin, status: 404 });
  row('SETUP dashboard POST', 'POST', setupPath('/dashboard'), { json: {}, headers: admin, status: 404 });
  // ── end of issue 12, setup ──
  // ── Issue 12, the moderation queue (branch i12-moderation): every route refuses without the
  // admin token, malformed ids, bodies and filters, and what it must not do (claim a decided
  // proposal, theme a refused one, decide more than 100 at once). None may decide or claim. ──
  const mq = (rest, cid = C) => `${V}/admin/consultations/${cid}${rest}`;
  const mp = (rest, pid = `${C}-p6`) => `${V}/admin/proposals/${pid}${rest}`;
  row('MQ counts without the admin token', 'GET', mq('/queue/counts'), { status: 401 });
  row('MQ counts of an unknown consultation', 'GET', mq('/queue/counts', 'no-such-consultation'), { headers: admin, status: 404 });
  row('MQ counts of a consultation id carrying SQL', 'GET', mq('/queue/counts', enc("x' OR '1'='1")), { headers: admin });
  row('MQ PUT on the counts', 'PUT', mq('/queue/counts'), { json: {}, headers: admin, status: 404 });
  row('MQ next without the admin token', 'POST', mq('/queue/next'), { json: {}, status: 401 });
  row('MQ previous without the admin token', 'POST', mq('/queue/previous'), { json: {}, status: 401 });
  row('MQ next in an unknown consultation', 'POST', mq('/queue/next', 'no-such-consultation'), { json: {}, headers: admin, status: 404 });
  row('MQ next from an unknown proposal', 'POST', mq('/queue/next'), { json: { from: 'no-such-proposal' }, headers: admin, status: 404 });
  row("MQ previous from another consultation's proposal", 'POST', mq('/queue/previous'), { json: { from: `${SANDBOX}-p6` }, headers: admin, status: 404 });
  for (const [name, json] of [
    ['from carrying SQL', { from: "x' OR '1'='1" }],
    ['from as a number', { from: 6 }],
    ['from of 129 characters', { from: 'p'.repeat(129) }],
    ['an unknown field', { from: `${C}-p6`, operator: 'someone-else' }],
    ['an array', [{ from: `${C}-p6` }]],
  ]) {
    row(`MQ next with ${name}`, 'POST', mq('/queue/next'), { json, headers: admin });
  }
  row('MQ claim without the admin token', 'POST', mp('/claim'), { status: 401 });
  row('MQ claim of an unknown proposal', 'POST', mp('/claim', 'no-such-proposal'), { headers: admin, status: 404 });
  row('MQ claim of an accepted proposal', 'POST', mp('/claim', P1), { headers: admin, status: 409 });
  row('MQ claim of a proposal id carrying SQL', 'POST', mp('/claim', enc("x' OR '1'='1")), { headers: admin });
  row('MQ release without the admin token', 'DELETE', mp('/claim'), { status: 401 });
  row('MQ release of an unknown proposal', 'DELETE', mp('/claim', 'no-such-proposal'), { headers: admin, status: 404 });
  const bulk = (json, options = {}) => ({ json, headers: admin, ...options });
  const ids = (n) => Array.from({ length: n }, (_, i) => `${C}-x${i}`);
  row('MQ bulk without the admin token', 'POST', mq('/moderation/bulk'), { json: { decision: 'accept', proposalIds: [`${C}-p6`] }, status: 401 });
  row('MQ bulk in an unknown consultation', 'POST', mq('/moderation/bulk', 'no-such-consultation'), bulk({ decision: 'accept', proposalIds: [`${C}-p6`] }, { status: 404 }));
  for (const [name, json] of [
    ['of 101 ids', { decision: 'accept', proposalIds: [`${C}-p6`, ...ids(100)] }],
    ['of no id', { decision: 'accept', proposalIds: [] }],
    ['naming one id twice', { decision: 'accept', proposalIds: [`${C}-p6`, `${C}-p6`] }],
    ['refusing without a reason', { decision: 'refuse', proposalIds: [`${C}-p6`] }],
    ['accepting with a reason', { decision: 'accept', reason: 'insulting', proposalIds: [`${C}-p6`] }],
    ['with an unknown reason', { decision: 'refuse', reason: 'boring', proposalIds: [`${C}-p6`] }],
    ['with an unknown decision', { decision: 'delete', proposalIds: [`${C}-p6`] }],
    ['with ids carrying SQL', { decision: 'accept', proposalIds: ["x' OR '1'='1"] }],
    ['with ids as a string', { decision: 'accept', proposalIds: `${C}-p6` }],
    ['with an operator field', { decision: 'accept', proposalIds: [`${C}-p6`], operator: { id: 'someone-else' } }],
  ]) {
    row(`MQ bulk ${name}`, 'POST', mq('/moderation/bulk'), bulk(json));
  }
  row('MQ theme without the admin token', 'PUT', mp('/theme'), { json: { themeId: 'energy' }, status: 401 });
  row('MQ theme of an unknown proposal', 'PUT', mp('/theme', 'no-such-proposal'), { json: { themeId: 'energy' }, headers: admin, status: 404 });
  row('MQ theme the consultation does not have', 'PUT', mp('/theme'), { json: { themeId: 'weather' }, headers: admin, status: 422 });
  row('MQ theme of a refused proposal', 'PUT', mp('/theme', `${C}-p7`), { json: { themeId: 'energy' }, headers: admin, status: 409 });
  for (const [name, json] of [
    ['without themeId', {}],
    ['with a themeId carrying SQL', { themeId: "x' OR '1'='1" }],
    ['with a numeric themeId', { themeId: 2 }],
    ['with an unknown field', { themeId: 'energy', changedAt: NOW }],
  ]) {
    row(`MQ theme ${name}`, 'PUT', mp('/theme'), { json, headers: admin });
  }
  row('MQ history without the admin token', 'GET', mp('/history'), { status: 401 });
  row('MQ history of an unknown proposal', 'GET', mp('/history', 'no-such-proposal'), { headers: admin, status: 404 });
  row('MQ history of a proposal id carrying SQL', 'GET', mp('/history', enc("x' OR '1'='1")), { headers: admin });
  row('MQ log without the admin token', 'GET', mq('/moderation'), { status: 401 });
  row('MQ CSV without the admin token', 'GET', mq('/moderation.csv'), { status: 401 });
  row('MQ CSV of an unknown consultation', 'GET', mq('/moderation.csv', 'no-such-consultation'), { headers: admin, status: 404 });
  for (const [name, query] of [
    ['limit 0', 'limit=0'],
    ['limit 501', 'limit=501'],
    ['limit 1e2', 'limit=1e2'],
    ['limit twice', 'limit=1&limit=2'],
    ['decision theme', 'decision=theme'],
    ['an unknown reason', 'reason=boring'],
    ['from yesterday', 'from=yesterday'],
    ['from 30 February', 'from=2025-02-30T00:00:00Z'],
    ['to without an offset', 'to=2025-02-10T09:00:00'],
    ['a cursor that is not a number', 'cursor=abc'],
    ['a cursor carrying SQL', `cursor=${enc("1 OR 1=1")}`],
    ['order random', 'order=random'],
    ['an operator of 201 characters', `operator=${'o'.repeat(201)}`],
  ]) {
    row(`MQ log with ${name}`, 'GET', mq(`/moderation?${query}`), { headers: admin });
    // The CSV is every decision that matches: it takes no limit or cursor (ignored, as unknown parameters are).
    if (!/^(limit|cursor)=/.test(query)) row(`MQ CSV with ${name}`, 'GET', mq(`/moderation.csv?${query}`), { headers: admin });
  }
  // ── end of issue 12, the moderation queue ──
  // ── Issue 12, the console's static files at /admin/: no way out of its folder, no file it does
  // not ship (dotfiles, source maps), no method but GET and HEAD. ──
  for (const [name, path, status] of [
    ['an encoded slash climbing out', '/admin/..%2f..%2fpackage.json', 403],
    ['encoded dots climbing out', '/admin/%2e%2e/%2e%2e/package.json', 403],
    ['dots climbing out of the chunks', '/admin/chunks/../../../package.json', 403],
    ['backslashes climbing out', '/admin/%5c..%5cpackage.json', 403],
    ['double-encoded dots', '/admin/%252e%252e/package.json', 404],
    ['a NUL before an extension', '/admin/console.js%00.html', 400],
    ['a dotfile', '/admin/.env', 404],
    ['a source map', '/admin/console.js.map', 404],
    ['a file as a folder', '/admin/index.html/', 404],
    ['an absolute path after the prefix', '/admin//etc/passwd', 404],
    // Issue 14: the console's languages (dist/console/locales/<tag>.js), by exact name only.
    ['dots climbing out of the languages', '/admin/locales/../../../package.json', 403],
    ['encoded dots climbing out of the languages', '/admin/locales/%2e%2e/%2e%2e/%2e%2e/package.json', 403],
    ['a language not shipped', '/admin/locales/xx.js', 404],
    ['a language in capitals', '/admin/locales/FR.js', 404],
    ['a language\'s source file', '/admin/locales/fr.json', 404],
    ['a language without its extension', '/admin/locales/fr', 404],
    ['the languages folder', '/admin/locales/', 404],
    ['a NUL in a language', '/admin/locales/fr.js%00.json', 400],
  ]) {
    row(`CONSOLE ${name}`, 'GET', path, { status });
  }
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) row(`CONSOLE ${method} on a file`, method, '/admin/console.js', { status: 404 });
  // ── end of issue 12, the console's static files ──
  // ── Issue 12, the widgets at /widgets/ (embed builder): only the built files, by exact name ──
  for (const [name, path] of [
    ['the parent folder', '/widgets/../package.json'],
    ['the parent folder, encoded dots', '/widgets/%2e%2e/package.json'],
    ['the parent folder, encoded dots and slash', '/widgets/%2E%2E%2Fpackage.json'],
    ['the parent folder, a backslash', '/widgets/..%5cpackage.json'],
    ['the server from chunks/', '/widgets/chunks/../../index.js'],
    ['an absolute path', '/widgets//etc/passwd'],
    ['an encoded absolute path', '/widgets/%2fetc%2fpasswd'],
    ['the folder itself', '/widgets/'],
    ['the chunks folder', '/widgets/chunks/'],
    ['a source map', '/widgets/consult-widgets.min.js.map'],
    ['a NUL byte', '/widgets/consult-widgets.min.js%00.png'],
    // Issue 14: the languages' strings at locales/<tag>/<part>.js, nothing else of that folder.
    ['the locales folder', '/widgets/locales/'],
    ['a language folder', '/widgets/locales/fr/'],
    ['a language that is not shipped', '/widgets/locales/xx/card.js'],
    ['a part that does not exist', '/widgets/locales/fr/admin.js'],
    ['the source JSON', '/widgets/locales/fr.json'],
    ['out of a language folder', '/widgets/locales/fr/../../../package.json'],
    ['out of a language folder, encoded', '/widgets/locales/fr/%2e%2e%2f%2e%2e%2fpackage.json'],
    ['a language spelled with dots', '/widgets/locales/..%2ffr/card.js'],
  ]) {
    row(`WG ${name}`, 'GET', path, { status: 404 });
  }
  row('WG the parent folder, overlong UTF-8 dots', 'GET', '/widgets/%c0%ae%c0%ae/package.json');
  row('WG a POST to a bundle', 'POST', '/widgets/consult-widgets.min.js', { json: {}, status: 404 });
  row('WG a DELETE of a bundle', 'DELETE', '/widgets/consult-widgets.min.js', { status: 404 });
  // ── end of issue 12, the widgets ──
  return rows;
}

const ROWS = hostileRows();

await forEachDatabase('hostile requests', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
    await ctx.importFile(fixtureFile(C));
    await ctx.importFile(fixtureFile(SANDBOX));
  });
  after(() => ctx?.close());

  describe(`a table of ${ROWS.length} hostile requests: each gets a JSON 4xx`, () => {
    it('has at least 200 distinct rows', () => {
      assert.ok(ROWS.length >= 200, `${ROWS.length} rows`);
      assert.equal(new Set(ROWS.map((r) => r.name)).size, ROWS.length, 'row names repeat');
    });

    for (const r of ROWS) {
      const status = r.status ?? 400;
      it(`${r.name} → ${status}`, async () => {
        const headers = { ...r.headers };
        let body = r.body;
        if (r.json !== undefined) body = JSON.stringify(r.json);
        const contentType = r.contentType === undefined ? 'application/json' : r.contentType;
        if ((body !== undefined || r.chunks) && contentType) headers['content-type'] = contentType;
        const answer = await ctx.raw(r.method, r.path, { headers, body, chunks: r.chunks });
        assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} ${answer.text.slice(0, 300)}`);
        if (r.method === 'HEAD') {
          assert.equal(answer.status, status);
          assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
          assert.equal(answer.text, '');
        } else {
          assertError(answer, status, CODES[status]);
        }
        assertNothingInternal(answer.text);
      });
    }
  });

  describe('after the table', () => {
    it('no prototype was polluted (the server runs in this process)', () => {
      for (const key of ['polluted', 'admin', 'key', 'votedAt', 'participantId']) assert.equal({}[key], undefined, key);
    });

    it('the server is healthy and every tally is exactly what it was', async () => {
      const answer = assertAnswer(await ctx.call('PUT', `/proposals/${P1}/votes/${OTHER}`, { body: vote('agree') }), 'castVote');
      assert.deepEqual(answer.votes, { agree: 1, disagree: 0, neutral: 0 });
      const results = assertAnswer(await ctx.call('GET', `/consultations/${C}/results`), 'getResults');
      assert.deepEqual(results.counts, { participants: 1, proposals: 5, votes: 1 });
      const zero = { agree: 0, disagree: 0, neutral: 0 };
      assert.deepEqual(
        results.proposals.map(({ proposalId, votes, qualifications }) => ({ proposalId, votes, qualifications })),
        [1, 2, 3, 4, 5].map((n) => ({ proposalId: `${C}-p${n}`, votes: n === 1 ? answer.votes : zero, qualifications: {} })),
      );
      // No proposal was added, changed, moderated or removed, and no consultation either.
      const exported = (await ctx.call('GET', `/consultations/${C}/export.json`)).json;
      assert.ok(z.safeParse(OpenData, exported).success);
      const fixture = fixtureFile(C).proposals;
      const listed = async (status) => (await ctx.admin('GET', `/consultations/${C}/proposals?status=${status}&limit=100`)).json.items;
      const stored = [...(await listed('accepted')), ...(await listed('pending')), ...(await listed('refused'))];
      assert.deepEqual(
        stored.map((p) => [p.id, p.content, p.status]).sort(),
        fixture.map((p) => [p.id, p.content, p.status ?? 'accepted']).sort(),
      );
      assert.deepEqual((await ctx.admin('GET', `/consultations/${C}/moderation`)).json.decisions, []);
      assert.deepEqual(exported.proposals.map((p) => p.id), fixture.filter((p) => !p.status).map((p) => p.id));
      assert.deepEqual((await ctx.storage.listConsultations()).map((c) => c.id).sort(), [C, SANDBOX].sort());
      assert.deepEqual(assertAnswer(await ctx.call('GET', `/participants/${PARTICIPANT}/votes?consultationId=${C}`), 'getParticipantVotes').votes, []);
      assert.equal(assertAnswer(await ctx.call('GET', `/consultations/${C}/sequence?participantId=${PARTICIPANT}`), 'getSequence').items.length, 5);
    });
  });

  describe('tolerated: odd but valid requests do what they say', () => {
    it('a JSON body with a leading BOM is read as JSON (RFC 8259 lets parsers ignore it)', async () => {
      const body = `\ufeff${JSON.stringify(vote('disagree'))}`;
      const answer = await ctx.raw('PUT', votePath(`${SANDBOX}-p2`), { headers: { 'content-type': 'application/json' }, body });
      assert.deepEqual(assertAnswer(answer, 'castVote').votes, { agree: 0, disagree: 1, neutral: 0 });
    });

    it('unknown properties are ignored (readers ignore what they do not know)', async () => {
      const answer = await ctx.call('PUT', `/proposals/${SANDBOX}-p3/votes/${PARTICIPANT}`, { body: { ...vote('neutral'), constructor: 'x', extra: { deep: [1, 2] } } });
      assert.deepEqual(assertAnswer(answer, 'castVote').votes, { agree: 0, disagree: 0, neutral: 1 });
    });

    it('SQL, HTML and odd characters in a proposal text are stored as written, less bidi controls and invisible ones', async () => {
      const texts = [
        "We should '; DROP TABLE proposals; --",
        'We should <script>alert(1)</script>',
        'We should \u202eevil text\u202c and zero\u200bwidth',
        'We should keep emoji 🚲 and accents éàü',
      ];
      const ids = [];
      for (const [i, content] of texts.entries()) {
        const answer = await ctx.call('POST', `/consultations/${SANDBOX}/proposals`, { body: { participantId: PARTICIPANT, requestId: `odd-${i}`, content } });
        ids.push(assertAnswer(answer, 'submitProposal').id);
      }
      const pending = (await ctx.admin('GET', `/consultations/${SANDBOX}/proposals?status=pending&limit=100`)).json.items;
      const stored = [...texts.slice(0, 2), 'We should evil text and zerowidth', texts[3]];
      assert.deepEqual(ids.map((id) => pending.find((p) => p.id === id)?.content), stored);
    });
  });
});
