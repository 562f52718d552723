import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Issue, type Workflow } from '../domain';
import { isDomainError } from '../validation/errors';
import { checkWorkflow } from './check-workflow';
import { DEFAULT_WORKFLOW } from './default-workflow';
import { applyTransition, availableTransitions, categoryOf, statusOf } from './engine';
import { actorAs, fieldServiceWorkflow, newIssue } from './workflow.test-util';

/** One attempt: a transition (sometimes one that does not exist) by someone, with input. */
const attempt = (workflow: Workflow) =>
  fc.record({
    transitionId: fc.constantFrom(...workflow.transitions.map((t) => t.id), 'no-such-transition'),
    role: fc.constantFrom(...ROLES),
    userId: fc.constantFrom('ana', 'ben'),
    comment: fc.option(
      fc.oneof(
        fc.constant(''),
        fc.constant('   '),
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ minLength: 1001, maxLength: 1010 }),
      ),
      { nil: undefined },
    ),
    /** Minutes passing before the attempt. */
    elapsed: fc.integer({ min: 0, max: 24 * 60 }),
  });

function checkInvariants(workflow: Workflow, issue: Issue): void {
  expect(statusOf(workflow, issue.status)).toBeDefined();
  expect(categoryOf(workflow, issue.status) === 'done').toBe(issue.resolvedAt !== undefined);
}

function runSequences(workflow: Workflow): void {
  fc.assert(
    fc.property(fc.array(attempt(workflow), { minLength: 1, maxLength: 40 }), (attempts) => {
      let issue = newIssue({ workflowId: workflow.id, status: workflow.initialStatus });
      let now = issue.reportedAt;
      let firstAcknowledgedAt: number | undefined;
      checkInvariants(workflow, issue);
      for (const step of attempts) {
        now += step.elapsed * 60_000;
        const actor = actorAs(step.role, step.userId);
        const input = step.comment === undefined ? {} : { resolutionComment: step.comment };
        const before = structuredClone(issue);
        const offered = availableTransitions(workflow, issue, actor).find(
          (a) => a.transition.id === step.transitionId,
        );
        // What the UI can tell beforehand: the button is enabled, and the input will do.
        const text = step.comment?.trim();
        const hasComment = text !== undefined && text !== '';
        const commentTooLong = text !== undefined && [...text].length > 1000;
        const resolves =
          offered !== undefined && categoryOf(workflow, offered.transition.to) === 'done';
        const needsComment = offered?.requires.includes('resolutionComment') ?? false;
        const inputWillDo =
          !commentTooLong &&
          (!hasComment || resolves) &&
          (!needsComment || hasComment || issue.resolutionComment !== undefined);
        const expectTaken = offered?.allowed === true && inputWillDo;
        let result: ReturnType<typeof applyTransition> | undefined;
        try {
          result = applyTransition(workflow, issue, step.transitionId, input, { actor, now });
        } catch (error) {
          // A refused attempt changes nothing, and the refusal is the one the UI predicted.
          expect(isDomainError(error)).toBe(true);
          if (!isDomainError(error)) throw error;
          expect(expectTaken).toBe(false);
          expect(issue).toEqual(before);
          const expectedCodes = !workflow.transitions.some((t) => t.id === step.transitionId)
            ? ['unknown-transition']
            : !offered
              ? ['illegal-transition']
              : !offered.allowed
                ? ['forbidden', 'validation-failed']
                : ['validation-failed'];
          expect(expectedCodes).toContain(error.code);
          if (error.code === 'validation-failed') expect(error.problems.length).toBeGreaterThan(0);
          continue;
        }
        expect(expectTaken).toBe(true);
        expect(issue).toEqual(before);
        const next = result.issue;
        expect(next.status).toBe(offered?.transition.to);
        expect(next.version).toBe(before.version);
        expect(next.updatedAt).toBe(before.updatedAt);
        // The reported changes are exactly the difference between the two issues.
        for (const change of result.changes) {
          const field = change.field as keyof Issue;
          expect(before[field] ?? null).toBe(change.from);
          expect(next[field] ?? null).toBe(change.to);
          expect(change.from).not.toBe(change.to);
        }
        const changed = result.changes.map((c) => c.field);
        for (const field of Object.keys({ ...before, ...next }) as (keyof Issue)[]) {
          if (!changed.includes(field)) expect(next[field]).toEqual(before[field]);
        }
        issue = next;
        checkInvariants(workflow, issue);
        if (workflow === DEFAULT_WORKFLOW) {
          // Once acknowledged, always acknowledged at the same moment.
          if (firstAcknowledgedAt !== undefined) {
            expect(issue.acknowledgedAt).toBe(firstAcknowledgedAt);
          }
          firstAcknowledgedAt = issue.acknowledgedAt;
        }
        if (categoryOf(workflow, before.status) !== 'done' && issue.resolvedAt !== undefined) {
          expect(issue.resolvedAt).toBe(now);
          // Both workflows tested here require a comment to resolve.
          expect(issue.resolutionComment).toBeTruthy();
        }
      }
    }),
    { numRuns: 300 },
  );
}

describe('transition sequences (property)', () => {
  it('keep the invariants of the default workflow', () => {
    runSequences(DEFAULT_WORKFLOW);
  });

  it('keep the invariants of any checked workflow, e.g. one with a wildcard transition', () => {
    runSequences(checkWorkflow(fieldServiceWorkflow()));
  });
});
