// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { TransitionButtons } from './TransitionButtons';

afterEach(cleanup);

function isDisabled(element: HTMLElement): boolean {
  return (element as HTMLButtonElement).disabled;
}

/** The text of the elements named by aria-describedby, as assistive technology reads it. */
function descriptionOf(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('the transition buttons', () => {
  it('offer the transitions from the issue’s status, in the workflow’s order', () => {
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'new' }}
        actor={{ role: 'technician' }}
        onTake={() => undefined}
      />,
    );
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['Start progress', 'Resolve…']);
  });

  it('disable a transition the role may not take and say why', () => {
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'resolved' }}
        actor={{ role: 'technician' }}
        onTake={() => undefined}
      />,
    );
    const close = screen.getByRole('button', { name: 'Close' });
    expect(isDisabled(close)).toBe(true);
    expect(descriptionOf(close)).toBe('"Close" is for supervisors and admins only.');
    expect(isDisabled(screen.getByRole('button', { name: 'Reopen' }))).toBe(false);
  });

  it('enable it for a role that may', () => {
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'resolved' }}
        actor={{ role: 'supervisor' }}
        onTake={() => undefined}
      />,
    );
    expect(isDisabled(screen.getByRole('button', { name: 'Close' }))).toBe(false);
    expect(screen.queryByText(/only\.$/)).toBeNull();
  });

  it('hand the chosen transition, with what it requires, to the caller', async () => {
    const onTake = vi.fn();
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'in-progress' }}
        actor={{ role: 'technician' }}
        onTake={onTake}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Resolve…' }));
    expect(onTake).toHaveBeenCalledTimes(1);
    expect(onTake.mock.calls[0]?.[0]).toMatchObject({
      transition: { id: 'resolve' },
      requires: ['resolutionComment'],
    });
  });

  it('say so when no transition leads on', () => {
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'awaiting-parts' }}
        actor={{ role: 'admin' }}
        onTake={() => undefined}
      />,
    );
    expect(screen.getByText('No transition leads on from this status.')).toBeDefined();
  });

  it('make the first step forward the main action, not a step back', () => {
    render(
      <TransitionButtons
        workflow={DEFAULT_WORKFLOW}
        issue={{ status: 'in-progress' }}
        actor={{ role: 'technician' }}
        onTake={() => undefined}
      />,
    );
    const main = (name: string) =>
      screen.getByRole('button', { name }).classList.contains('MuiButton-contained');
    expect(main('Resolve…')).toBe(true);
    expect(main('Stop progress')).toBe(false);
  });
});
