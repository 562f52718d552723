/**
 * `npm run server [-- <command> …]`: runs the sync server, or an administration command.
 *
 *   serve (default)          start the server (settings: see README.md)
 *   create-user              --name <n> [--display-name <d>] [--role technician|supervisor|admin] [--sites a,b] [--password <p>]
 *   rename-user              --user <name or id> --display-name <d>
 *   disable-user, enable-user --user <name or id>
 *   add-sites, remove-sites  --user <name or id> --sites a,b
 *   list-users
 *   list-devices             [--user <name or id>]
 *   revoke-device            --device <id>
 */
import { parseArgs } from 'node:util';
import {
  changeSitesCommand,
  createUserCommand,
  listDevicesCommand,
  listUsersCommand,
  renameUserCommand,
  revokeDeviceCommand,
  setUserDisabledCommand,
} from './cli/admin-commands';
import { loadConfig, type ServerConfig } from './config';
import { startSyncServer } from './server';
import { countUsers } from './store/accounts';
import { openDatabase } from './store/open-database';

const USAGE = `Usage: npm run server [-- <command> [options]]

Commands:
  serve                      start the sync server (the default)
  create-user --name <n> [--display-name <d>] [--role technician|supervisor|admin]
              [--sites <id,id>] [--password <p>]
                             (without --password it is asked for, or read from piped input;
                             the display name, shown on issues, defaults to the user name)
  rename-user --user <name or id> --display-name <d>
  disable-user --user <name or id>
  enable-user --user <name or id>
  add-sites --user <name or id> --sites <id,id>
                             (the user's devices then receive the older documents of
                             those sites too)
  remove-sites --user <name or id> --sites <id,id>
  list-users
  list-devices [--user <name or id>]
  revoke-device --device <id>
`;

const CREATE_ADMIN_HINT = 'npm run server -- create-user --name admin --role admin';

const out = { print: (line: string) => process.stdout.write(`${line}\n`) };

async function serve(config: ServerConfig): Promise<void> {
  const server = await startSyncServer(config, { logger: { level: config.logLevel } });
  const users = await countUsers(server.db);
  out.print(`\nAutoEscalate sync server listening on ${server.url} (${server.db.location})`);
  if (users === 0) {
    out.print(
      `No users yet. Create the first admin with:\n  ${CREATE_ADMIN_HINT}\n` +
        (config.databaseUrl
          ? ''
          : '(the embedded database serves one process at a time: stop this server first, then start it again)\n'),
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function administer(
  config: ServerConfig,
  run: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>,
) {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    dataDir: config.dataDir,
  });
  try {
    await run(db);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string' },
      sites: { type: 'string' },
      password: { type: 'string' },
      user: { type: 'string' },
      device: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || command === 'help') {
    out.print(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      return serve(config);
    case 'create-user':
      return administer(config, (db) => createUserCommand(db, values, out));
    case 'rename-user':
      return administer(config, (db) => renameUserCommand(db, values, out));
    case 'disable-user':
      return administer(config, (db) => setUserDisabledCommand(db, values, true, out));
    case 'enable-user':
      return administer(config, (db) => setUserDisabledCommand(db, values, false, out));
    case 'add-sites':
      return administer(config, (db) => changeSitesCommand(db, values, 'add', out));
    case 'remove-sites':
      return administer(config, (db) => changeSitesCommand(db, values, 'remove', out));
    case 'list-users':
      return administer(config, (db) => listUsersCommand(db, out));
    case 'list-devices':
      return administer(config, (db) => listDevicesCommand(db, values, out));
    case 'revoke-device':
      return administer(config, (db) => revokeDeviceCommand(db, values, out));
    default:
      throw new Error(`Unknown command ${command}.\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
