/**
 * What validating a rule needs to know about the world: the statuses and locations that
 * exist and how to check a scope query. Shared by the core's command and the rules editor,
 * so the editor shows the very problems the command would refuse with.
 *
 * A scope query may not depend on the current time (`reportedAt < -1d`, `now()`): whether a
 * rule applies would then change while nothing happens to the issue, and the scheduler, which
 * sleeps until something can come due, would not notice. Time is what a rule's clock and
 * levels measure.
 */
import type { Location, Workflow } from '../../domain';
import type { RuleValidationOptions } from '../../escalation';
import { createMatcher, parseQuery } from '../../query';

const TIME_VALUE_KINDS = new Set(['relative-date', 'now']);

/** Whether a parsed query (any part of it) holds a relative date or `now()`. */
function dependsOnTime(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(dependsOnTime);
  if (typeof node !== 'object' || node === null) return false;
  const kind = (node as { kind?: unknown }).kind;
  if (typeof kind === 'string' && TIME_VALUE_KINDS.has(kind)) return true;
  return Object.values(node).some(dependsOnTime);
}

export function ruleValidationOptions(
  workflows: readonly Pick<Workflow, 'statuses'>[],
  locations: readonly Pick<Location, 'id' | 'name' | 'parentId'>[],
  now: number,
): RuleValidationOptions {
  const statuses = workflows.flatMap((w) => w.statuses);
  return {
    knownStatuses: [...new Set(statuses.map((s) => s.id))],
    knownLocationIds: locations.map((l) => l.id),
    checkQuery(query) {
      try {
        createMatcher(query, { now, statuses, locations });
        if (dependsOnTime(parseQuery(query).where)) {
          return 'A rule’s scope cannot depend on the current time (like -2h or now()): the rule’s clock and levels measure time. Compare with fixed values instead.';
        }
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}
