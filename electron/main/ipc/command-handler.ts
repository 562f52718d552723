/**
 * The implementation behind the command channel: check the call's shape, run it on the
 * core, and turn the outcome into a reply that survives structured cloning.
 */
import type { AppCommands } from '../../../shared/core';
import { parseCommandCall, type CommandCall } from '../../../shared/ipc/command-arguments';
import { doneReply, errorReply } from '../../../shared/ipc/command-reply';
import type { CommandReply } from '../../../shared/ipc/contract';
import { isDomainError } from '../../../shared/validation/errors';
import { describeError, type Logger } from '../logger';

export type CommandHandler = (name: unknown, args: unknown) => Promise<CommandReply<unknown>>;

export function createCommandHandler(options: {
  commands: () => Promise<AppCommands>;
  log: Logger;
}): CommandHandler {
  const { log } = options;
  return async (name, args) => {
    let call: CommandCall;
    try {
      call = parseCommandCall(name, args);
    } catch (error) {
      log.warn('Refused a malformed command call', {
        command: typeof name === 'string' ? name.slice(0, 60) : typeof name,
        reason: error instanceof Error ? error.message : String(error),
      });
      return errorReply(error);
    }
    try {
      const commands = await options.commands();
      return doneReply(await runCommand(commands, call));
    } catch (error) {
      if (!isDomainError(error)) log.error(`Command ${call.name} failed`, describeError(error));
      return errorReply(error);
    }
  };
}

/** Calls the command on the commands object (so a method keeps its `this`). */
function runCommand(commands: AppCommands, call: CommandCall): Promise<unknown> {
  const byName = commands as unknown as Record<
    CommandCall['name'],
    (...args: unknown[]) => Promise<unknown>
  >;
  return byName[call.name](...call.args);
}
