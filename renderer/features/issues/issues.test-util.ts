/**
 * A real app core on RxDB's memory storage for the issue table's component tests: the default
 * workflow, a small plant (site → areas → lines) and issues created through the core's
 * commands, plus what happy-dom cannot do (layout sizes, object URLs).
 */
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createAppCore, type AppCore } from '../../../shared/core';
import type { Issue, NewIssueInput } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';
import type { EscalationRecord } from '../../../shared/escalation/records';
import { fakeClock, type FakeClock } from '../../../test-support/fake-clock';

let databases = 0;

export interface TestPlant {
  core: AppCore;
  clock: FakeClock;
  /** Location ids by name. */
  at: { plantA: string; pressShop: string; line3: string; assembly: string; plantB: string };
  close(): Promise<void>;
}

export async function openTestPlant(): Promise<TestPlant> {
  databases += 1;
  const clock = fakeClock();
  let ids = 0;
  const core = await createAppCore({
    storage: getRxStorageMemory(),
    databaseName: `issuetable-${databases}-${crypto.randomUUID()}`,
    actor: { userId: 'tina', deviceId: 'laptop-7', role: 'supervisor' },
    clock,
    newId: () => `id-${String(++ids).padStart(4, '0')}`,
  });
  const plantA = await core.commands.createLocation({ name: 'Plant A', kind: 'site' });
  const pressShop = await core.commands.createLocation({
    name: 'Press shop',
    kind: 'area',
    parentId: plantA.id,
  });
  const line3 = await core.commands.createLocation({
    name: 'Line 3',
    kind: 'line',
    parentId: pressShop.id,
  });
  const assembly = await core.commands.createLocation({
    name: 'Assembly',
    kind: 'area',
    parentId: plantA.id,
  });
  const plantB = await core.commands.createLocation({ name: 'Plant B', kind: 'site' });
  return {
    core,
    clock,
    at: {
      plantA: plantA.id,
      pressShop: pressShop.id,
      line3: line3.id,
      assembly: assembly.id,
      plantB: plantB.id,
    },
    close: () => core.close(),
  };
}

/** Creates issues one minute apart, in the order given; returns their ids. */
export async function reportIssues(
  plant: TestPlant,
  issues: (Partial<NewIssueInput> & { title: string })[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const input of issues) {
    plant.clock.advance(60_000);
    const issue = await plant.core.commands.createIssue({
      type: 'breakdown',
      priority: 'Medium',
      severity: 3,
      locationId: plant.at.line3,
      ...input,
    });
    ids.push(issue.id);
  }
  return ids;
}

/** Records that an issue escalated, as the escalation scheduler would. */
export async function recordEscalation(
  plant: TestPlant,
  issueId: string,
  ruleName = 'Unacknowledged critical',
): Promise<void> {
  const record: EscalationRecord = {
    id: `${issueId}:rule-1:1:1`,
    issueId,
    ruleId: 'rule-1',
    ruleVersion: 1,
    ruleName,
    cycle: 1,
    level: 1,
    repeat: 0,
    dueAt: plant.clock.now(),
    firedAt: plant.clock.now(),
    late: false,
    lateByMs: 0,
    actions: [],
    firedBy: 'tina',
    deviceId: 'laptop-7',
  };
  await plant.core.db.escalations.insert(record);
}

/**
 * happy-dom lays nothing out: give scroll containers a size, so that the virtualised table
 * renders the rows that would be in view.
 */
export function giveElementsASize(width = 1400, height = 800): () => void {
  const prototype = HTMLElement.prototype;
  const saved = {
    clientHeight: Object.getOwnPropertyDescriptor(prototype, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(prototype, 'clientWidth'),
  };
  Object.defineProperty(prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(prototype, 'clientWidth', { configurable: true, get: () => width });
  return () => {
    for (const [name, descriptor] of Object.entries(saved)) {
      if (descriptor) Object.defineProperty(prototype, name, descriptor);
      else Reflect.deleteProperty(prototype, name);
    }
  };
}

/** A Storage kept in memory, so each test starts from nothing. */
export function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => data.get(key) ?? null,
    key: (index) => [...data.keys()][index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}

/** A stored issue with sensible values, for tests of pure row logic. */
export function testIssue(overrides: Partial<Issue>): Issue {
  return {
    id: 'i-1',
    title: 'Conveyor jam at the infeed',
    description: 'Cartons pile up',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId: 'line-3',
    workflowId: DEFAULT_WORKFLOW.id,
    status: 'new',
    reporter: 'tina',
    reportedAt: 1_000,
    customFields: {},
    version: 1,
    updatedAt: 1_000,
    updatedBy: 'tina',
    updatedOnDevice: 'laptop-7',
    ...overrides,
  };
}
