import { describe, expect, it } from 'vitest';
import { DomainError } from '../validation/errors';
import { CommandFailedError, doneReply, errorReply, unwrapReply } from './command-reply';
import type { CommandReply } from './contract';

/** What structured cloning (IPC) does to a reply. */
function overIpc<T>(reply: CommandReply<T>): CommandReply<T> {
  return structuredClone(reply);
}

describe('command replies', () => {
  it('carry a value through', () => {
    expect(unwrapReply(overIpc(doneReply({ id: 'i-1', version: 2 })))).toEqual({
      id: 'i-1',
      version: 2,
    });
  });

  it('revive a refusal as a DomainError with its field problems', () => {
    const refusal = DomainError.validationFailed([
      { field: 'title', reason: 'too-long', message: 'Title must be at most 100 characters.' },
      { field: 'severity', reason: 'out-of-range', message: 'Severity must be 1 to 5.' },
    ]);
    const reply = overIpc(errorReply(refusal));
    expect(reply.outcome).toBe('refused');
    let thrown: unknown;
    try {
      unwrapReply(reply);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('validation-failed');
    expect((thrown as DomainError).problems).toEqual(refusal.problems);
    expect((thrown as DomainError).message).toBe(refusal.message);
  });

  it('turn any other error into a failure carrying only its message', () => {
    const reply = overIpc(errorReply(new TypeError('db closed')));
    expect(reply).toEqual({ outcome: 'failed', message: 'db closed' });
    expect(() => unwrapReply(reply)).toThrow(CommandFailedError);
    expect(() => unwrapReply(reply)).toThrow('db closed');
    expect(errorReply('odd')).toEqual({ outcome: 'failed', message: 'odd' });
  });

  it('refuse to unwrap what is no reply', () => {
    expect(() => unwrapReply(undefined as unknown as CommandReply<unknown>)).toThrow(
      CommandFailedError,
    );
    expect(() => unwrapReply({ outcome: 'maybe' } as unknown as CommandReply<unknown>)).toThrow(
      'unknown form',
    );
    expect(() =>
      unwrapReply({
        outcome: 'refused',
        error: { name: 'Nope' },
      } as unknown as CommandReply<unknown>),
    ).toThrow('unreadable reason');
  });
});
