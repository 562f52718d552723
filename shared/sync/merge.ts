/**
 * The pure three-way merge that resolves replication conflicts on the client.
 *
 * A conflict arises when this device pushes a document whose assumed master state (the
 * state the device last saw from the server: the common ancestor, "base") is no longer the
 * server's state. Detection is the server comparing document states, never clocks; the
 * merge below decides per field from what each side changed relative to the base:
 *
 * - a field changed on one side only keeps that change;
 * - a field changed on both sides (to different values) follows its rule: see
 *   {@link mergeIssue}; for workflows and locations the master's value wins;
 * - every value a side had set and the result does not hold is returned as a
 *   {@link LosingValue}, so nothing acknowledged to a user disappears silently (issues
 *   record them as 'conflict-resolved' events, see {@link conflictEvents}).
 *
 * Without a base (both sides created the same id, or the device lost its replication
 * state) every field on which the sides differ counts as changed on both sides.
 */
import {
  NAME_MAX,
  STATUS_CATEGORIES,
  priorityRank,
  type EventValue,
  type Issue,
  type IssueEvent,
  type Location,
  type StatusCategory,
  type Workflow,
} from '../domain';

/** 'local' is this device's state (the fork), 'remote' the server's (the master). */
export type Side = 'local' | 'remote';

/** Why a value was kept over another one. */
export type MergeRule =
  /**
   * Both sides changed it: the later server-acknowledged edit, i.e. the master's, is kept
   * (the device's own edit has not been acknowledged yet).
   */
  | 'master-wins'
  /** status: the status whose category is further along (todo < in-progress < done). */
  | 'later-category'
  /** priority and severity: the more urgent value (higher priority, higher severity). */
  | 'more-urgent'
  /** acknowledgedAt: the earliest time. */
  | 'earliest'
  /** resolvedAt: taken with the status that was kept, cleared if that status is not done. */
  | 'follows-status'
  /** A deletion on one side, edits on the other: the edited document lives on. */
  | 'edit-beats-delete';

/** A value one side had set that the merged document does not hold. */
export interface LosingValue {
  /** A top-level field, `customFields.<key>`, or `_deleted`. */
  field: string;
  /** Whose value was overwritten. */
  side: Side;
  /** The overwritten value (`null` for "absent"). Objects and arrays as JSON text. */
  lost: EventValue;
  /** The value the merged document holds instead. */
  kept: EventValue;
  rule: MergeRule;
}

export interface MergeResult<T> {
  merged: T;
  /** Every value either side had changed that the merged document does not keep. */
  losing: LosingValue[];
  /**
   * The merged document is the master's state as it is: the device adopts it and has
   * nothing to push. Otherwise the merged document is a new revision to push.
   */
  keptRemote: boolean;
}

/** A merge together with its inputs, as handed to whoever records its outcome. */
export interface Resolution<T> extends MergeResult<T> {
  base?: T;
  local: T;
  remote: T;
}

export interface IssueMergeContext {
  /**
   * The category of a status of the issue's workflow; `undefined` when unknown (e.g. the
   * workflow has not replicated yet), which makes a status conflict a tie.
   */
  categoryOf(statusId: string): StatusCategory | undefined;
}

type Doc = Record<string, unknown>;

function asDoc(value: object): Doc {
  return value as Doc;
}

/** Fields that change with every revision and say who wrote it; never merged as content. */
export const ISSUE_BOOKKEEPING: readonly string[] = [
  'id',
  'version',
  'updatedAt',
  'updatedBy',
  'updatedOnDevice',
];

/**
 * Structural equality of JSON-like values: arrays by position, objects by key (in any
 * order), a property holding `undefined` equal to an absent one.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  const left = a as Doc;
  const right = b as Doc;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  if (keys.length !== Object.keys(right).filter((k) => right[k] !== undefined).length) {
    return false;
  }
  return keys.every((k) => right[k] !== undefined && sameValue(left[k], right[k]));
}

/** Equality of two documents' content: every field except the listed bookkeeping ones. */
export function sameContent(a: object, b: object, bookkeeping: readonly string[]): boolean {
  const left = a as Doc;
  const right = b as Doc;
  const fields = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const field of fields) {
    if (bookkeeping.includes(field)) continue;
    if (!sameValue(left[field], right[field])) return false;
  }
  return true;
}

/** A status → category lookup over the given workflows (the first one naming it wins). */
export function statusCategories(
  workflows: readonly (Workflow | undefined)[],
): (statusId: string) => StatusCategory | undefined {
  const categories = new Map<string, StatusCategory>();
  for (const workflow of workflows) {
    for (const status of workflow?.statuses ?? []) {
      if (!categories.has(status.id)) categories.set(status.id, status.category);
    }
  }
  return (statusId) => categories.get(statusId);
}

function toEventValue(value: unknown): EventValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function other(side: Side): Side {
  return side === 'local' ? 'remote' : 'local';
}

/**
 * One field (or one custom-field key) as the three states hold it. `base` is absent when
 * no common ancestor is known: then every side "changed" every field.
 */
class FieldStates {
  constructor(
    readonly base: Doc | undefined,
    readonly local: Doc,
    readonly remote: Doc,
  ) {}

  changed(side: Side, field: string): boolean {
    return this.base === undefined || !sameValue(this[side][field], this.base[field]);
  }

  /** The side whose value stands when at most one side changed it; else `undefined`. */
  uncontested(field: string): Side | undefined {
    if (sameValue(this.local[field], this.remote[field])) return 'remote';
    const local = this.changed('local', field);
    const remote = this.changed('remote', field);
    if (local && remote) return undefined;
    return local ? 'local' : 'remote';
  }
}

/** What the merge decided for each field, from which the losing values and stamps follow. */
class Outcome {
  readonly merged: Doc = {};
  readonly rules = new Map<string, MergeRule>();
  readonly losing: LosingValue[] = [];
  readonly wins: Record<Side, number> = { local: 0, remote: 0 };

  set(field: string, value: unknown): void {
    if (value === undefined) delete this.merged[field];
    else this.merged[field] = value;
  }

  /**
   * Records, for a decided field, every side whose own change the merged value overwrote,
   * and counts which side's change the merged value carries.
   */
  account(states: FieldStates, field: string, name: string, value: unknown): void {
    for (const side of ['local', 'remote'] as const) {
      if (!states.changed(side, field)) continue;
      const own = states[side][field];
      if (sameValue(value, own)) {
        if (!sameValue(value, states[other(side)][field])) this.wins[side] += 1;
      } else {
        this.losing.push({
          field: name,
          side,
          lost: toEventValue(own),
          kept: toEventValue(value),
          rule: this.rules.get(name) ?? 'master-wins',
        });
      }
    }
  }

  /** The side whose changes won the most fields supplies the stamps; a tie goes to the master. */
  stampSide(): Side {
    return this.wins.local > this.wins.remote ? 'local' : 'remote';
  }
}

function categoryRank(ctx: IssueMergeContext, statusId: unknown): number | undefined {
  if (typeof statusId !== 'string') return undefined;
  const category = ctx.categoryOf(statusId);
  return category === undefined ? undefined : STATUS_CATEGORIES.indexOf(category);
}

/** Who wins a field both sides changed to different values. */
function contestedIssueField(
  field: string,
  local: Doc,
  remote: Doc,
  ctx: IssueMergeContext,
): { side: Side; rule: MergeRule } {
  switch (field) {
    case 'status': {
      const l = categoryRank(ctx, local.status);
      const r = categoryRank(ctx, remote.status);
      const side = l !== undefined && r !== undefined && l > r ? 'local' : 'remote';
      return { side, rule: 'later-category' };
    }
    case 'priority': {
      const l = priorityRank(local.priority as Issue['priority']);
      const r = priorityRank(remote.priority as Issue['priority']);
      return { side: l > r ? 'local' : 'remote', rule: 'more-urgent' };
    }
    case 'severity':
      return {
        side: (local.severity as number) > (remote.severity as number) ? 'local' : 'remote',
        rule: 'more-urgent',
      };
    case 'acknowledgedAt': {
      const l = local.acknowledgedAt as number | undefined;
      const r = remote.acknowledgedAt as number | undefined;
      const side = r === undefined || (l !== undefined && l < r) ? 'local' : 'remote';
      return { side, rule: 'earliest' };
    }
    default:
      // title, description, resolutionComment and every other field: the master's edit.
      return { side: 'remote', rule: 'master-wins' };
  }
}

/**
 * Three-way merge of an issue.
 *
 * Fields changed on one side only are kept. Fields both sides changed to different values:
 * - `status`: the status whose workflow category is further along wins (todo < in-progress
 *   < done); on a tie, or when a category is unknown, the master's;
 * - `resolvedAt`: travels with the status. When both sides changed the status, it is the
 *   winning side's, and cleared if the merged status is not done. Otherwise a plain field;
 * - `acknowledgedAt`: the earliest (a set time beats a cleared one);
 * - `priority`: the more urgent (higher in PRIORITIES); `severity`: the higher number
 *   (5 is the most severe);
 * - `title`, `description`, `resolutionComment` and all other fields (assignee, type,
 *   location …): the later server-acknowledged edit, i.e. the master's;
 * - `customFields` merge per key by the same rules, the master winning on a key both changed.
 *
 * Bookkeeping: when the merge comes out as the master's content, the master is returned as
 * it is (`keptRemote`); else `version` is one above both sides' and `updatedAt`,
 * `updatedBy` and `updatedOnDevice` come from the side whose changes won more fields (the
 * master on a tie). No clock is read: the merge is a pure function of its arguments.
 */
export function mergeIssue(
  base: Issue | undefined,
  local: Issue,
  remote: Issue,
  ctx: IssueMergeContext,
): MergeResult<Issue> {
  const states = new FieldStates(base && asDoc(base), asDoc(local), asDoc(remote));
  const outcome = new Outcome();
  const fields = [
    ...new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(base ?? {})]),
  ]
    .filter((f) => !ISSUE_BOOKKEEPING.includes(f) && f !== 'customFields')
    .sort();

  let statusWinner: Side | undefined;
  const decide = (field: string): Side => {
    const side = states.uncontested(field);
    if (side !== undefined) return side;
    const contest = contestedIssueField(field, states.local, states.remote, ctx);
    outcome.rules.set(field, contest.rule);
    if (field === 'status') statusWinner = contest.side;
    return contest.side;
  };

  // status first: resolvedAt depends on how it was decided.
  const ordered = ['status', ...fields.filter((f) => f !== 'status')];
  for (const field of ordered) {
    if (field === 'resolvedAt' && statusWinner !== undefined) {
      outcome.rules.set(field, 'follows-status');
      const category = ctx.categoryOf(String(outcome.merged.status));
      const value = states[statusWinner].resolvedAt;
      outcome.set(field, category === undefined || category === 'done' ? value : undefined);
    } else {
      outcome.set(field, states[decide(field)][field]);
    }
    outcome.account(states, field, field, outcome.merged[field]);
  }

  const custom = new FieldStates(
    base === undefined ? undefined : asDoc(base.customFields ?? {}),
    asDoc(local.customFields),
    asDoc(remote.customFields),
  );
  const customFields: Doc = {};
  const keys = [
    ...new Set([...Object.keys(local.customFields), ...Object.keys(remote.customFields)]),
  ];
  for (const key of keys.sort()) {
    const name = `customFields.${key}`;
    let side = custom.uncontested(key);
    if (side === undefined) {
      outcome.rules.set(name, 'master-wins');
      side = 'remote';
    }
    const value = custom[side][key];
    if (value !== undefined) customFields[key] = value;
    outcome.account(custom, key, name, value);
  }
  outcome.set('customFields', customFields);

  if (sameContent(outcome.merged, remote, ISSUE_BOOKKEEPING)) {
    return { merged: cloneJson(remote), losing: outcome.losing, keptRemote: true };
  }
  const stamps = outcome.stampSide() === 'local' ? local : remote;
  const merged = {
    ...outcome.merged,
    id: remote.id,
    version: Math.max(local.version, remote.version) + 1,
    updatedAt: stamps.updatedAt,
    updatedBy: stamps.updatedBy,
    updatedOnDevice: stamps.updatedOnDevice,
  } as unknown as Issue;
  return { merged: cloneJson(merged), losing: outcome.losing, keptRemote: false };
}

/** How a document type without per-field rules merges. */
export interface FieldwiseSpec {
  /** Fields that never differ between the sides (the primary key). */
  key: string;
  /** Fields stamped from the side whose changes won more fields, never merged as content. */
  bookkeeping: readonly string[];
  /**
   * Fields that only make sense together and so come from one side as a unit: if both sides
   * changed any of them, the master's whole unit wins.
   */
  units: readonly (readonly string[])[];
}

/**
 * Three-way merge field by field: a field (or unit) changed on one side keeps that change;
 * changed on both sides, the master's value wins. Bookkeeping as in {@link mergeIssue},
 * without a version.
 */
export function mergeFieldwise<T extends object>(
  base: T | undefined,
  local: T,
  remote: T,
  spec: FieldwiseSpec,
): MergeResult<T> {
  const states = new FieldStates(base && asDoc(base), asDoc(local), asDoc(remote));
  const outcome = new Outcome();
  const skip = [spec.key, ...spec.bookkeeping];
  const fields = [
    ...new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(base ?? {})]),
  ]
    .filter((f) => !skip.includes(f))
    .sort();
  const units = [
    ...spec.units.map((unit) => unit.filter((f) => fields.includes(f))),
    ...fields.filter((f) => !spec.units.some((unit) => unit.includes(f))).map((f) => [f]),
  ];
  for (const unit of units) {
    let side: Side = 'remote';
    if (!unit.every((f) => sameValue(states.local[f], states.remote[f]))) {
      const byLocal = unit.some((f) => states.changed('local', f));
      const byRemote = unit.some((f) => states.changed('remote', f));
      if (byLocal && byRemote) for (const f of unit) outcome.rules.set(f, 'master-wins');
      else if (byLocal) side = 'local';
    }
    for (const field of unit) {
      outcome.set(field, states[side][field]);
      outcome.account(states, field, field, outcome.merged[field]);
    }
  }

  if (sameContent(outcome.merged, remote, skip)) {
    return { merged: cloneJson(remote), losing: outcome.losing, keptRemote: true };
  }
  const stamps = (outcome.stampSide() === 'local' ? local : remote) as Doc;
  const merged: Doc = { ...outcome.merged, [spec.key]: (remote as Doc)[spec.key] };
  for (const field of spec.bookkeeping) {
    if (stamps[field] !== undefined) merged[field] = stamps[field];
  }
  return { merged: cloneJson(merged) as T, losing: outcome.losing, keptRemote: false };
}

/** A workflow's statuses, transitions and initial status reference each other: one unit. */
export const WORKFLOW_MERGE: FieldwiseSpec = {
  key: 'id',
  bookkeeping: ['updatedAt'],
  units: [['initialStatus', 'statuses', 'transitions']],
};

/** A location's kind and parent define its place in the hierarchy: one unit. */
export const LOCATION_MERGE: FieldwiseSpec = {
  key: 'id',
  bookkeeping: ['updatedAt'],
  units: [['kind', 'parentId']],
};

export function mergeWorkflow(
  base: Workflow | undefined,
  local: Workflow,
  remote: Workflow,
): MergeResult<Workflow> {
  return mergeFieldwise(base, local, remote, WORKFLOW_MERGE);
}

export function mergeLocation(
  base: Location | undefined,
  local: Location,
  remote: Location,
): MergeResult<Location> {
  return mergeFieldwise(base, local, remote, LOCATION_MERGE);
}

/** Who records the outcome of a merge: the signed-in user on the merging device, and when. */
export interface ConflictRecorder {
  actor: string;
  deviceId: string;
  at: number;
}

/** 64-bit FNV-1a of a string's UTF-16 code units, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function describe(value: LosingValue, resolution: Resolution<Issue>): string {
  const author = resolution[value.side];
  const by = `${author.updatedBy} (device ${author.updatedOnDevice})`;
  const why: Record<MergeRule, string> = {
    'master-wins': 'the edit the server had already accepted was kept',
    'later-category': 'the status further along the workflow was kept',
    'more-urgent': 'the more urgent value was kept',
    earliest: 'the earliest time was kept',
    'follows-status': 'it follows the status that was kept',
    'edit-beats-delete': 'the edited issue was kept rather than deleted',
  };
  const unknownBase = resolution.base === undefined ? ' No common earlier version was known.' : '';
  return `Concurrent change of ${value.field}: ${why[value.rule]}; the value set by ${by} was replaced.${unknownBase}`;
}

/**
 * The issue-history entries that keep an issue merge's losing values: one
 * 'conflict-resolved' event per value, its change going from the replaced value to the
 * kept one. Ids are derived from the conflict (issue, merging device, master revision,
 * field, side, value), so resolving the same conflict again yields the same ids: insert
 * them ignoring documents that already exist.
 */
export function conflictEvents(
  resolution: Resolution<Issue>,
  recorder: ConflictRecorder,
): IssueEvent[] {
  const { remote } = resolution;
  return resolution.losing.map((value) => {
    const key = JSON.stringify([
      remote.id,
      recorder.deviceId,
      remote.version,
      remote.updatedOnDevice,
      remote.updatedAt,
      value.field,
      value.side,
      value.lost,
    ]);
    return {
      id: `conflict-${fnv1a64(key)}`,
      issueId: remote.id,
      kind: 'conflict-resolved',
      actor: recorder.actor,
      deviceId: recorder.deviceId,
      at: recorder.at,
      changes: [{ field: value.field.slice(0, NAME_MAX), from: value.lost, to: value.kept }],
      note: describe(value, resolution).slice(0, 2000),
    };
  });
}
