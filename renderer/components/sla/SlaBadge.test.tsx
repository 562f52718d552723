// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import { openTestCore, plantOf } from '../../app/app-providers.test-util';
import { IssueSlaBadge } from './SlaBadge';
import { useSla } from './use-sla';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

describe('the live SLA badge of an issue', () => {
  it('shows the time left, and follows the next rule once the issue is acknowledged', async () => {
    const core = await openTestCore();
    cores.push(core);
    const { line } = await plantOf(core);
    const issue = await core.commands.createIssue({
      title: 'Hydraulic leak under press 2',
      type: 'safety',
      priority: 'Critical',
      severity: 5,
      locationId: line.id,
    });
    render(<IssueSlaBadge db={core.db} issueId={issue.id} />);
    // Rounded to the minute: a slow machine may take a few seconds off.
    const badge = await screen.findByLabelText(/^SLA: (30|29) min left\. Critical issue/);
    expect(badge.getAttribute('data-tone')).toBe('ok');

    await core.commands.acknowledgeIssue(issue.id);
    // The working-day rule still runs (it stops on resolution only): its last level, two
    // working days (around the clock here) away, is the breach the badge now counts down to.
    await waitFor(() =>
      expect(
        screen.getByLabelText(/^SLA: (16 h|15 h 59 min) left\. Not resolved within 1 working day/),
      ).toBeDefined(),
    );
  });

  it('has no SLA, and shows nothing, for an issue no rule applies to', async () => {
    const core = await openTestCore({ role: 'supervisor' });
    cores.push(core);
    const { line } = await plantOf(core);
    await core.commands.setEscalationRuleEnabled('unresolved-working-day', false);
    const input = { type: 'quality', severity: 1, locationId: line.id } as const;
    const low = await core.commands.createIssue({ ...input, title: 'Smudges', priority: 'Low' });
    const high = await core.commands.createIssue({
      ...input,
      title: 'Wrong labels',
      priority: 'High',
    });
    function Probe({ issueId }: { issueId: string }) {
      const sla = useSla(core.db, issueId);
      const text = sla.state !== 'ready' ? sla.state : (sla.value?.ruleId ?? 'none');
      return (
        <div data-testid={issueId}>
          {text}
          <IssueSlaBadge db={core.db} issueId={issueId} />
        </div>
      );
    }
    render(
      <>
        <Probe issueId={low.id} />
        <Probe issueId={high.id} />
      </>,
    );
    await waitFor(() => expect(screen.getByTestId(low.id).textContent).toBe('none'));
    await waitFor(() =>
      expect(screen.getByTestId(high.id).textContent).toMatch(/^high-unacknowledged.* left$/),
    );
  });
});
