/**
 * The core's commands as an object whose every method hands its name and arguments to one
 * function: the IPC invoke in Electron, the in-page core once it has started on the web.
 * Built from the one list of command names (shared/ipc), which the compiler keeps complete.
 */
import type { AppCommandName, AppCommands } from '../../shared/core/commands';
import { COMMAND_NAMES } from '../../shared/ipc/command-arguments';
import type { CommandArgs, CommandValue } from '../../shared/ipc/contract';

export type CommandRunner = <K extends AppCommandName>(
  name: K,
  args: CommandArgs<K>,
) => Promise<CommandValue<K>>;

export function forwardCommands(run: CommandRunner): AppCommands {
  const commands: Partial<Record<AppCommandName, (...args: never[]) => Promise<unknown>>> = {};
  for (const name of COMMAND_NAMES) {
    commands[name] = (...args: never[]) => run(name, args as unknown as CommandArgs<typeof name>);
  }
  // Every name of AppCommands is in COMMAND_NAMES (checked where it is defined).
  return commands as AppCommands;
}
