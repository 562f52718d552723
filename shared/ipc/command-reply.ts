/**
 * Turning a command's outcome into a {@link CommandReply} (main side) and back into a value
 * or a thrown error (renderer side). A refusal comes back as a real DomainError, so callers
 * show its field problems exactly as they would in-process.
 */
import { DomainError, isDomainError } from '../validation/errors';
import type { CommandReply } from './contract';

/** Thrown on the renderer side when a command failed for a reason other than a refusal. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}

export function doneReply<T>(value: T): CommandReply<T> {
  return { outcome: 'done', value };
}

/** A DomainError becomes a refusal; anything else a failure carrying only its message. */
export function errorReply(error: unknown): CommandReply<never> {
  if (isDomainError(error)) return { outcome: 'refused', error: error.toJSON() };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'failed', message: message || 'The command failed.' };
}

/** Returns the value of a reply, or throws the revived DomainError or a CommandFailedError. */
export function unwrapReply<T>(reply: CommandReply<T>): T {
  if (typeof reply !== 'object' || reply === null) {
    throw new CommandFailedError('The main process sent no answer to the command.');
  }
  switch (reply.outcome) {
    case 'done':
      return reply.value;
    case 'refused': {
      const error = DomainError.fromJSON(reply.error);
      if (error) throw error;
      throw new CommandFailedError('The command was refused with an unreadable reason.');
    }
    case 'failed':
      throw new CommandFailedError(
        typeof reply.message === 'string' ? reply.message : 'The command failed.',
      );
    default:
      throw new CommandFailedError('The main process sent an answer of an unknown form.');
  }
}
