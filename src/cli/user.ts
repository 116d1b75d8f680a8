// `storyagent user create|list|disable|enable|delete|set-password|promote|demote`: administers
// accounts straight in the database the server uses (for when it is not running), through the same
// AdminService as the admin API. Passwords come from a hidden prompt or stdin, never the command line.
import type { Command } from 'commander';
import { AdminService } from '../admin/service.js';
import { AuthService, PasswordSchema, UsernameSchema, type UserRecord } from '../auth/service.js';
import { type Config, loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { databaseTarget, deploymentOf, openDatabaseAt, storageTarget } from '../deployment.js';
import { badInput } from '../errors.js';
import type { AccountChangeFeed } from '../events/account-changes.js';
import { createBus } from '../events/index.js';
import type { EventBus } from '../events/types.js';
import { openStoreMirror, type StoreMirror } from '../storage/mirror.js';
import { TaskFolders } from '../storage/task-folder.js';
import { TaskRepository } from '../tasks/repository.js';

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

/**
 * Opens the database like `serve` (migrated), runs `fn` with the admin service and closes
 * everything. Scaled (DATABASE_URL and REDIS_URL): changes are also announced on the bus, so
 * servers that are running after all act on them at once.
 */
export async function withAdmin<T>(config: Config, fn: (admin: AdminService) => Promise<T>): Promise<T> {
  const db: Database = await openDatabaseAt(databaseTarget(config));
  let bus: EventBus | undefined;
  let storage: StoreMirror | undefined;
  try {
    await migrate(db);
    let deployment: ReturnType<typeof deploymentOf> | undefined;
    try {
      deployment = deploymentOf(config);
    } catch {
      deployment = undefined; // DATABASE_URL alone: no bus to tell anyone
    }
    if (deployment?.mode === 'scaled') bus = createBus(deployment.bus);
    // Publish only: this short-lived process caches nothing, so it listens to nothing.
    const feed: AccountChangeFeed | undefined = bus && {
      publishAccountChanged: (change) => bus!.publishAccountChanged(change),
      onAccountChanged: () => () => {},
      receivingAccountChanges: false,
      onReceivingAccountChanges: () => () => {},
    };
    const auth = await AuthService.create(db, config, feed);
    // `user delete` removes stored files too.
    storage = openStoreMirror(storageTarget(config));
    const admin = new AdminService({
      db,
      auth,
      tasks: new TaskRepository(db),
      folders: new TaskFolders(config.storageRoot, {}, storage),
      store: storage,
      sharedMediaRoot: config.sharedMediaRoot,
    });
    return await fn(admin);
  } finally {
    await storage?.store.close();
    await bus?.close();
    await db.close();
  }
}

const yesNo = (v: boolean) => (v ? 'yes' : 'no');
const when = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

/** `storyagent user list`: one line per account, tab-separated under a header. */
export async function listUsersFromCli(config: Config): Promise<string> {
  return withAdmin(config, async (admin) => {
    const lines = ['id\tusername\tadmin\tactive\ttasks\tv1_tasks\tlast_login\tcreated'];
    let cursor: string | undefined;
    do {
      const page = await admin.listUsers(200, cursor);
      for (const u of page.items) {
        lines.push(
          [
            u.id,
            u.username,
            yesNo(u.isAdmin),
            yesNo(!u.disabledAt),
            u.taskCount,
            u.v1TaskCount,
            when(u.lastLoginAt),
            when(u.createdAt),
          ].join('\t'),
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return `${lines.join('\n')}\n`;
  });
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

/** Runs one account change on USER (an id or a username) and prints what became of it. */
async function changeUser(
  who: string,
  change: (admin: AdminService, user: UserRecord) => Promise<string>,
): Promise<void> {
  const message = await withAdmin(loadConfig(), async (admin) => change(admin, await admin.findUser(who)));
  process.stderr.write(`${message}\n`);
}

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .description(
      'Manage accounts in the database of DATABASE_URL, or of DATA_DIR when it is unset (USER: an id or a username)',
    );
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

  user
    .command('list')
    .description('List every account: admin, active, task counts, last login (tab-separated)')
    .action(async () => {
      process.stdout.write(await listUsersFromCli(loadConfig()));
    });

  user
    .command('disable <USER>')
    .description('Disable an account: its tokens, sessions and edge keys stop working; its data stays')
    .action((who: string) =>
      changeUser(who, async (admin, u) => {
        await admin.disable(u.id);
        return `Disabled user ${u.username} (id ${u.id})`;
      }),
    );

  user
    .command('enable <USER>')
    .description('Enable a disabled account')
    .action((who: string) =>
      changeUser(who, async (admin, u) => {
        await admin.enable(u.id);
        return `Enabled user ${u.username} (id ${u.id})`;
      }),
    );

  user
    .command('delete <USER>')
    .description('Delete an account with its tasks, files, notifications, edge instances and sessions')
    .option('--yes', 'confirm: this cannot be undone', false)
    .action((who: string, flags: { yes: boolean }) =>
      changeUser(who, async (admin, u) => {
        if (!flags.yes) {
          throw new Error(
            `this deletes ${u.username} (id ${u.id}) and everything it owns; add --yes to confirm`,
          );
        }
        const out = await admin.deleteUser(u.id);
        return `Deleted user ${u.username} (id ${u.id}) and ${out.tasks} storybook task(s)`;
      }),
    );

  user
    .command('set-password <USER>')
    .description("Set an account's password (from a prompt or --password-stdin); its sessions end")
    .option('--password-stdin', 'read the password from stdin instead of a hidden prompt', false)
    .action(async (who: string, flags: { passwordStdin: boolean }) => {
      const password = await askPassword(flags.passwordStdin);
      const parsed = PasswordSchema.safeParse(password);
      if (!parsed.success) throw badInput('password', parsed.error.issues[0]?.message ?? 'invalid');
      await changeUser(who, async (admin, u) => {
        await admin.setPassword(u.id, password);
        return `Set the password of ${u.username} (id ${u.id}); its sessions have ended`;
      });
    });

  user
    .command('promote <USER>')
    .description('Give an account admin rights (the admin API, /api/admin)')
    .action((who: string) =>
      changeUser(who, async (admin, u) => {
        await admin.setAdmin(u.id, true);
        return `${u.username} (id ${u.id}) is an admin`;
      }),
    );

  user
    .command('demote <USER>')
    .description('Take admin rights away from an account')
    .action((who: string) =>
      changeUser(who, async (admin, u) => {
        await admin.setAdmin(u.id, false);
        return `${u.username} (id ${u.id}) is no longer an admin`;
      }),
    );
}
