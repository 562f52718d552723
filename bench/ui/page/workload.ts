/**
 * The UI benchmark's plant, the same on every run: two sites with four areas of five lines
 * each, and issues reported over the last 180 days, as a plant accumulates them: the older
 * ones nearly all resolved or closed, the last ten days' in every status of the default
 * workflow. Plain data: the seed page writes it with bulkInsert (the escalations are fired by
 * the app core's own scheduler there, not made up).
 */
import type { Issue, IssueType, Location, Priority, Severity } from '../../../shared/domain';
import { DEFAULT_WORKFLOW } from '../../../shared/workflow';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** mulberry32: a small seeded generator, so the workload never changes between runs. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

export function benchLocations(): Location[] {
  const locations: Location[] = [];
  for (const [s, site] of ['Plant A', 'Plant B'].entries()) {
    const siteId = `site-${s + 1}`;
    locations.push({
      id: siteId,
      name: site,
      kind: 'site',
      timeZone: s === 0 ? 'Europe/Berlin' : 'America/Chicago',
      updatedAt: 0,
    });
    for (const [a, area] of ['Press shop', 'Paint shop', 'Assembly', 'Logistics'].entries()) {
      const areaId = `${siteId}-area-${a + 1}`;
      locations.push({ id: areaId, name: area, kind: 'area', parentId: siteId, updatedAt: 0 });
      for (let l = 1; l <= 5; l++) {
        locations.push({
          id: `${areaId}-line-${l}`,
          name: `Line ${a * 5 + l}`,
          kind: 'line',
          parentId: areaId,
          updatedAt: 0,
        });
      }
    }
  }
  return locations;
}

const THINGS = [
  'Hydraulic leak',
  'Conveyor jam',
  'Guard door open',
  'Motor overheating',
  'Sensor fault',
  'Oil on the floor',
  'Paint runs',
  'Torque out of range',
  'Pallet damaged',
  'Air pressure low',
  'Label misprint',
  'Belt worn',
];
const WHERE = ['at the infeed', 'on station', 'near cabinet', 'behind robot', 'under press'];
const PEOPLE = Array.from({ length: 40 }, (_, i) => `tech${String(i + 1).padStart(2, '0')}`);
const TYPES: readonly IssueType[] = ['breakdown', 'safety', 'quality', 'maintenance', 'other'];
const PRIORITIES_BY_WEIGHT: readonly Priority[] = [
  'Lowest',
  'Low',
  'Low',
  'Medium',
  'Medium',
  'Medium',
  'High',
  'High',
  'Critical',
];
const SPAN_DAYS = 180;
const RECENT_DAYS = 10;

/** The status of an issue of a given age: old ones are nearly all done. */
function statusFor(ageDays: number, draw: number): string {
  if (ageDays > RECENT_DAYS) {
    return draw < 0.01 ? 'new' : draw < 0.03 ? 'in-progress' : draw < 0.15 ? 'resolved' : 'closed';
  }
  return draw < 0.35 ? 'new' : draw < 0.65 ? 'in-progress' : draw < 0.85 ? 'resolved' : 'closed';
}

export interface Workload {
  locations: Location[];
  issues: Issue[];
}

export function benchWorkload(count: number, now: number): Workload {
  const next = random(20_261_102);
  const locations = benchLocations();
  const lines = locations.filter((location) => location.kind === 'line');
  const issues: Issue[] = [];
  for (let i = 0; i < count; i++) {
    const reportedAt = Math.floor(
      now - SPAN_DAYS * DAY + (i / count) * SPAN_DAYS * DAY - next() * 30 * MIN,
    );
    const status = statusFor((now - reportedAt) / DAY, next());
    const started = status !== 'new';
    const done = status === 'resolved' || status === 'closed';
    const acknowledgedAt = started
      ? Math.min(now, reportedAt + Math.floor(next() * 90 * MIN))
      : undefined;
    const resolvedAt =
      done && acknowledgedAt !== undefined
        ? Math.min(now, acknowledgedAt + Math.floor(next() * 6 * 60 * MIN))
        : undefined;
    const updatedAt = Math.min(now, resolvedAt ?? acknowledgedAt ?? reportedAt);
    const id = `bench-${String(i + 1).padStart(6, '0')}`;
    const assignee = started || next() < 0.3 ? pick(next, PEOPLE) : undefined;
    const issue: Issue = {
      id,
      title: `${pick(next, THINGS)} ${pick(next, WHERE)} ${1 + Math.floor(next() * 40)}`,
      description: 'Reported during the shift walk; see the photos on the line board.',
      type: pick(next, TYPES),
      priority: pick(next, PRIORITIES_BY_WEIGHT),
      severity: (1 + Math.floor(next() * 5)) as Severity,
      locationId: pick(next, lines).id,
      workflowId: DEFAULT_WORKFLOW.id,
      status,
      ...(assignee !== undefined && { assignee }),
      reporter: pick(next, PEOPLE),
      reportedAt,
      ...(acknowledgedAt !== undefined && { acknowledgedAt }),
      ...(resolvedAt !== undefined && { resolvedAt, resolutionComment: 'Fixed and tested.' }),
      customFields: next() < 0.2 ? { downtime: Math.floor(next() * 240) } : {},
      version: 1 + (started ? 1 : 0) + (done ? 1 : 0),
      updatedAt,
      updatedBy: assignee ?? 'tech01',
      updatedOnDevice: 'bench-device',
    };
    issues.push(issue);
  }
  return { locations, issues };
}
