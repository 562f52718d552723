/**
 * Helpers shared by the durable storage's tests and the crash test's child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillWithDefaultSettings } from 'rxdb';
import type { Issue } from '../../../shared/domain';

/** A small document type for the storage's model tests: a string, a number and a flag, two indexes. */
export interface Item {
  id: string;
  name: string;
  age: number;
  done: boolean;
}

export const itemSchema = fillWithDefaultSettings<Item>({
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 12 },
    name: { type: 'string', maxLength: 12 },
    age: { type: 'integer', minimum: 0, maximum: 100, multipleOf: 1 },
    done: { type: 'boolean' },
  },
  required: ['id', 'name', 'age', 'done'],
  indexes: ['age', ['done', 'name']],
});

/** A fresh temporary directory and a function that removes it. */
export function temporaryDirectory(prefix = 'durable-storage-'): {
  path: string;
  remove: () => void;
} {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const WORDS = [
  'conveyor',
  'jam',
  'motor',
  'overheating',
  'belt',
  'misaligned',
  'sensor',
  'fault',
  'hydraulic',
  'leak',
  'pressure',
  'drop',
  'guard',
  'missing',
  'noise',
  'vibration',
  'bearing',
  'worn',
  'spindle',
  'coolant',
];
const STATUSES = ['new', 'in-progress', 'resolved', 'closed'] as const;
const TYPES = ['breakdown', 'safety', 'quality', 'maintenance', 'other'] as const;
const PRIORITY_NAMES = ['Lowest', 'Low', 'Medium', 'High', 'Critical'] as const;

/** A small deterministic random source, so generated data is reproducible. */
export function seededRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % limit;
  };
}

function pick<T>(random: (limit: number) => number, values: readonly T[]): T {
  return values[random(values.length)] as T;
}

function words(random: (limit: number) => number, count: number): string {
  return Array.from({ length: count }, () => pick(random, WORDS)).join(' ');
}

/** A realistic issue: a title of a few words, a description of a few sentences. */
export function makeIssue(index: number, random = seededRandom(index + 1)): Issue {
  const reportedAt = 1_700_000_000_000 + random(30 * 24 * 3600) * 1000;
  const status = pick(random, STATUSES);
  const issue: Issue = {
    id: `issue-${index.toString(36).padStart(6, '0')}`,
    title: words(random, 3 + random(5)),
    description: `${words(random, 20 + random(40))}. Reported on the night shift.`,
    type: pick(random, TYPES),
    priority: pick(random, PRIORITY_NAMES),
    severity: (1 + random(5)) as Issue['severity'],
    locationId: `line-${random(40)}`,
    workflowId: 'default',
    status,
    reporter: `technician-${random(60)}`,
    reportedAt,
    customFields: { shift: pick(random, ['A', 'B', 'C']), downtimeMinutes: random(240) },
    version: 1 + random(6),
    updatedAt: reportedAt + random(3600) * 1000,
    updatedBy: `technician-${random(60)}`,
    updatedOnDevice: `device-${random(8)}`,
  };
  if (status !== 'new') {
    issue.assignee = `supervisor-${random(12)}`;
    issue.acknowledgedAt = reportedAt + 600_000;
  }
  if (status === 'resolved' || status === 'closed') {
    issue.resolvedAt = reportedAt + 7_200_000;
    issue.resolutionComment = words(random, 12);
  }
  return issue;
}
