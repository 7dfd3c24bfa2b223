/**
 * `consult-server user …` (issue 12): operator accounts from the command line, the way in on a
 * first start (no operator exists yet, so nobody could create one over HTTP) and the way back in
 * when every admin is locked out.
 *
 *   consult-server user add <email> --role admin|moderator [--password-stdin | --invite [--url <console base URL>]]
 *   consult-server user list
 *   consult-server user remove <email>          (ends their sessions)
 *   consult-server user role <email> admin|moderator
 *
 * Without --password-stdin or --invite the password is asked on the terminal, twice, not echoed.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import * as z from 'zod/mini';
import { describeIssue } from 'consult-widgets/protocol';
import { NewPassword, OperatorEmail, OperatorRole } from 'consult-widgets/protocol/admin';
import { addOperator, invitationUrl } from './accounts.js';
import type { Storage } from './storage/storage.js';

export interface UserOptions {
  role?: string | undefined;
  passwordStdin?: boolean | undefined;
  invite?: boolean | undefined;
  /** The server's public base URL for invitation links (default CONSULT_PUBLIC_URL, then http://localhost:8787). */
  url?: string | undefined;
}

export class UserUsageError extends Error {}

function check<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new UserUsageError(`Invalid ${what}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: what `echo "$PASSWORD" |` or a password file gives, its final newline not included.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/**
 * Asks on the terminal with echo off: readline puts the terminal in raw mode and writes what is
 * typed to an output that drops it. One interface for both questions, made before the first prompt
 * is shown, so the terminal never leaves raw mode while a password may be typed (it would echo).
 */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new UserUsageError('No terminal to ask the password on: use --password-stdin or --invite.');
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  const ask = async (question: string) => {
    process.stderr.write(question);
    const answer = await rl.question('');
    process.stderr.write('\n');
    return answer;
  };
  try {
    const first = await ask('Password: ');
    if ((await ask('Again: ')) !== first) throw new UserUsageError('The two passwords differ.');
    return first;
  } finally {
    rl.close();
  }
}

export async function userCommand(storage: Storage, args: string[], options: UserOptions, now = Date.now()): Promise<void> {
  const [action, email, extra] = args;
  if (action === 'list') {
    const operators = await storage.accounts.listOperators();
    if (!operators.length) return void console.log('No operators yet: consult-server user add <email> --role admin');
    for (const o of operators) {
      const state = o.disabledAt !== null ? 'removed' : o.passwordHash === null ? 'invited' : 'active';
      console.log(`${o.email}\t${o.role}\t${state}\tsince ${new Date(o.createdAt).toISOString()}`);
    }
    return;
  }
  if (email === undefined) throw new UserUsageError(`user ${action ?? ''} needs an email.`);
  const address = check(OperatorEmail, email, 'email');

  if (action === 'add') {
    const role = check(OperatorRole, options.role, '--role (admin or moderator)');
    if (options.invite && options.passwordStdin) throw new UserUsageError('Use --invite or --password-stdin, not both.');
    const password = options.invite ? undefined : check(NewPassword, options.passwordStdin ? await readStdin() : await promptPassword(), 'password (12 to 256 characters)');
    const added = await addOperator(storage, { email: address, role, password }, now);
    if (added === 'exists') throw new Error(`An operator has the email ${address} already.`);
    console.log(`Added ${role} ${address}.`);
    if (added.invitation) {
      const base = options.url ?? process.env.CONSULT_PUBLIC_URL ?? 'http://localhost:8787';
      if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(base)) throw new UserUsageError(`--url is the server's address, like https://consult.example.org, not "${base}".`);
      console.log(`Invitation (works once, until ${new Date(added.invitation.expiresAt).toISOString()}):`);
      console.log(invitationUrl(base, added.invitation.token));
    }
    return;
  }
  const operator = await storage.accounts.operatorByEmail(address);
  if (!operator || operator.disabledAt !== null) throw new Error(`No active operator has the email ${address}.`);
  if (action === 'remove') {
    await storage.accounts.disableOperator(operator.id, now);
    return void console.log(`Removed ${address}; their sessions have ended.`);
  }
  if (action === 'role') {
    const role = check(OperatorRole, extra, 'role (admin or moderator)');
    await storage.accounts.setRole(operator.id, role);
    return void console.log(`${address} is now ${role}.`);
  }
  throw new UserUsageError(`Unknown user command "${action}".`);
}
