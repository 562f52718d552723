import { describe, expect, it } from 'vitest';
import type { Workflow } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import { moveTargets, planMove } from './board-logic';

const technician = { role: 'technician' } as const;
const supervisor = { role: 'supervisor' } as const;

describe('dropping a card on a column', () => {
  it('takes the transition that leads there, for anyone it is open to', () => {
    const plan = planMove(DEFAULT_WORKFLOW, { status: 'new' }, 'in-progress', technician);
    expect(plan).toMatchObject({
      kind: 'move',
      transition: { id: 'start-progress' },
      target: { name: 'In Progress' },
      needsComment: false,
    });
  });

  it('asks for the resolution comment before resolving', () => {
    const plan = planMove(DEFAULT_WORKFLOW, { status: 'in-progress' }, 'resolved', technician);
    expect(plan).toMatchObject({ kind: 'move', transition: { id: 'resolve' }, needsComment: true });
  });

  it('does nothing when dropped on its own column', () => {
    expect(planMove(DEFAULT_WORKFLOW, { status: 'new' }, 'new', technician)).toEqual({
      kind: 'stay',
    });
  });

  it('refuses a jump no transition makes, saying where the card can go', () => {
    const plan = planMove(DEFAULT_WORKFLOW, { status: 'new' }, 'closed', supervisor);
    expect(plan).toEqual({
      kind: 'refused',
      message:
        'An issue cannot move from New to Closed directly. From New it can move to In Progress or Resolved.',
    });
  });

  it('refuses a transition the role may not take, with the workflow’s reason', () => {
    const plan = planMove(DEFAULT_WORKFLOW, { status: 'resolved' }, 'closed', technician);
    expect(plan).toEqual({
      kind: 'refused',
      message: '"Close" is for supervisors and admins only.',
    });
    expect(planMove(DEFAULT_WORKFLOW, { status: 'resolved' }, 'closed', supervisor)).toMatchObject({
      kind: 'move',
      transition: { id: 'close' },
    });
  });

  it('refuses an issue whose status the workflow does not know', () => {
    const plan = planMove(DEFAULT_WORKFLOW, { status: 'awaiting-parts' }, 'new', supervisor);
    expect(plan.kind).toBe('refused');
  });

  it('refuses a transition that needs an assignee until there is one', () => {
    const workflow: Workflow = structuredClone(DEFAULT_WORKFLOW);
    const start = workflow.transitions.find((t) => t.id === 'start-progress')!;
    start.validators = [{ type: 'field-required', field: 'assignee' }];
    expect(planMove(workflow, { status: 'new' }, 'in-progress', technician)).toEqual({
      kind: 'refused',
      message: 'Assign the issue before "Start progress".',
    });
    expect(
      planMove(workflow, { status: 'new', assignee: 'ana' }, 'in-progress', technician).kind,
    ).toBe('move');
  });

  it('lists every other column for the keyboard’s “Move to…” menu', () => {
    const targets = moveTargets(DEFAULT_WORKFLOW, { status: 'resolved' }, technician);
    expect(targets.map((t) => [t.status.name, t.plan.kind])).toEqual([
      ['New', 'move'],
      ['In Progress', 'refused'],
      ['Closed', 'refused'],
    ]);
  });
});
