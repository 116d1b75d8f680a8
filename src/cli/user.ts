// `storyagent user create`: makes an account (optionally an admin) straight in the database the
// server uses, with the password from a hidden prompt or stdin — never from the command line.
import type { Command } from 'commander';
import { AuthService, PasswordSchema, UsernameSchema, type UserRecord } from '../auth/service.js';
import { type Config, loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { databaseTarget, openDatabaseAt } from '../deployment.js';
import { badInput } from '../errors.js';

export interface CreateUserInput {
  username: string;
  password: string;
  admin: boolean;
}

/**
 * Opens the database exactly like `storyagent serve` (PostgreSQL with DATABASE_URL, else PGlite
 * in DATA_DIR under its lock), migrates it, creates the user and closes everything.
 * Errors: AppError 400 naming the field, 409 when the name is taken, the lock's message when a
 * server holds DATA_DIR.
 */
export async function createUserFromCli(config: Config, input: CreateUserInput): Promise<UserRecord> {
  // Bad input fails at once, before the database is opened (PGlite takes seconds to start).
  for (const [field, schema, value] of [
    ['username', UsernameSchema, input.username],
    ['password', PasswordSchema, input.password],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw badInput(field, parsed.error.issues[0]?.message ?? 'invalid');
  }
  const db = await openDatabaseAt(databaseTarget(config));
  try {
    await migrate(db);
    const auth = await AuthService.create(db, config);
    return await auth.createUser(input.username, input.password, input.admin);
  } finally {
    await db.close();
  }
}

/** The whole of stdin, minus one trailing newline (what `echo pw | …` adds). */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin();
  if (!process.stdin.isTTY) {
    throw new Error('no terminal to ask for the password; pipe it in with --password-stdin');
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Manage accounts of the server (storyagent serve)');
  user
    .command('create')
    .description('Create an account in the database of DATABASE_URL, or of DATA_DIR when it is unset')
    .requiredOption('--username <name>', '3–32 letters, digits, "_", "." or "-"')
    .option('--admin', 'give the account admin rights', false)
    .option('--password-stdin', 'read the password from stdin instead of a hidden prompt', false)
    .action(async (flags: { username: string; admin: boolean; passwordStdin: boolean }) => {
      const config = loadConfig();
      const password = await askPassword(flags.passwordStdin);
      const created = await createUserFromCli(config, {
        username: flags.username,
        password,
        admin: flags.admin,
      });
      // The bare id on stdout for scripts (`id=$(storyagent user create …)`), the sentence for people.
      process.stderr.write(
        `Created user ${created.username} with id ${created.id}${created.isAdmin ? ' (admin)' : ''}\n`,
      );
      process.stdout.write(`${created.id}\n`);
    });
}
