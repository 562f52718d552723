/**
 * The app core: one platform-free object that owns the database and every command that
 * writes to it. It runs unchanged in Electron's main process, in a browser page and in plain
 * Node; the platform hands it a storage, a clock and an id source.
 */
import type { RxDocument, RxStorage } from 'rxdb';
import { BehaviorSubject, type Observable } from 'rxjs';
import {
  SETUP_ROLES,
  type Actor,
  type Issue,
  type IssueComment,
  type IssueEvent,
  type IssueEventKind,
  type IssuePatch,
  type Location,
  type NewIssueInput,
  type Workflow,
  type FieldChange,
} from '../domain';
import { DomainError } from '../validation/errors';
import {
  validateCommentBody,
  validateIssuePatch,
  validateLocationPatch,
  validateNewIssue,
  validateNewLocation,
} from '../validation';
import { applyTransition, checkWorkflow, DEFAULT_WORKFLOW } from '../workflow';
import type { AppCommands, LocationPatch, NewLocationInput, TransitionInput } from './commands';
import { openAppDatabase, type AppDatabase } from './database';
import { createEscalationCommands } from './escalation/escalation-commands';
import {
  createEscalationService,
  type EscalationLog,
  type EscalationService,
  type EscalationServiceOptions,
} from './escalation/escalation-service';
import { fireLevels } from './escalation/fire-levels';
import { seedDefaultEscalationRules } from './escalation/seed-rules';
import { globalTimers, type Timers } from './escalation/timers';
import { fieldChanges } from './field-changes';
import type { SyncUser } from '../sync/protocol';
import {
  createSyncControl,
  localRefusalStore,
  type SyncControl,
  type SyncPlatform,
  type SyncTuning,
} from './sync';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AppCoreOptions {
  // RxDB's own signatures use `any` for the storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  /**
   * Who acts while no user is signed in to the team server: the device's own identity
   * (first-run profile, operating system user). A signed-in user takes over while sync runs.
   */
  actor: Actor;
  clock?: Clock;
  /** What the escalation scheduler sleeps on; the platform's timers by default. */
  timers?: Timers;
  newId?: () => string;
  databaseName?: string;
  validateSchemas?: boolean;
  multiInstance?: boolean;
  /** The escalation scheduler's tuning and where it reports what it does. */
  escalation?: EscalationServiceOptions & { log?: EscalationLog };
  /** Replication with the sync server: the platform's fetch and network signal, and tuning. */
  sync?: { platform?: SyncPlatform; tuning?: SyncTuning };
}

export interface AppCore {
  readonly db: AppDatabase;
  /**
   * Who acts now: the user sync runs as (from the server's sign-in answer) while it runs,
   * else the device's own identity. Commands, history and escalations record this actor.
   */
  readonly actor: Actor;
  /** The actor, the current one first, then every change (sign-in, sign-out). */
  readonly actor$: Observable<Actor>;
  readonly clock: Clock;
  readonly commands: AppCommands;
  /** Replication with the team's sync server: `start({ serverUrl, token })`, `stop()`, `status$`. */
  readonly sync: SyncControl;
  /** The escalation scheduler: not running until `start()` (one instance should run it). */
  readonly escalation: EscalationService;
  close(): Promise<void>;
}

/** A random id from the platform's crypto (present in Node 22, browsers and Electron). */
export function randomId(): string {
  const webCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (!webCrypto?.randomUUID) throw new Error('no crypto.randomUUID on this platform');
  return webCrypto.randomUUID();
}

/** The actor for a user signed in on this device: the server's user, this device's id. */
export function signedInActor(user: SyncUser, deviceId: string): Actor {
  return {
    userId: user.id,
    role: user.role,
    deviceId,
    account: { name: user.name, sites: [...user.sites], allSites: user.allSites },
  };
}

function sameActor(a: Actor, b: Actor): boolean {
  return (
    a.userId === b.userId &&
    a.role === b.role &&
    a.deviceId === b.deviceId &&
    JSON.stringify(a.account) === JSON.stringify(b.account)
  );
}

const ROLE_WORDS: Record<Actor['role'], string> = {
  technician: 'a technician',
  supervisor: 'a supervisor',
  admin: 'an admin',
};

/** Refuses what only supervisors and admins may do (the server refuses their pushes too). */
function requireSetupRole(actor: Actor, what: string): void {
  if (SETUP_ROLES.includes(actor.role)) return;
  throw new DomainError(
    'forbidden',
    `${what} is for supervisors and admins only. You are ${ROLE_WORDS[actor.role]}.`,
  );
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? randomId;
  const localActor = options.actor;
  const acting = new BehaviorSubject<Actor>(localActor);
  const actor = (): Actor => acting.getValue();
  const db = await openAppDatabase({
    storage: options.storage,
    ...(options.databaseName !== undefined && { name: options.databaseName }),
    ...(options.validateSchemas !== undefined && { validateSchemas: options.validateSchemas }),
    ...(options.multiInstance !== undefined && { multiInstance: options.multiInstance }),
    // The changes the server refused are kept there (sync/refusal-store.ts).
    localDocuments: true,
    conflictRecorder: () => ({
      actor: actor().userId,
      deviceId: actor().deviceId,
      at: clock.now(),
    }),
  });
  await seedDefaults(db);
  await seedDefaultEscalationRules(db);
  const sync = createSyncControl({
    db,
    now: () => clock.now(),
    refusals: (serverUrl, userId) => localRefusalStore(db, serverUrl, userId),
    ...(options.sync?.platform !== undefined && { platform: options.sync.platform }),
    ...(options.sync?.tuning !== undefined && { tuning: options.sync.tuning }),
  });
  // The signed-in user acts while sync runs as them; the device's own identity otherwise.
  const following = sync.user$.subscribe((user) => {
    const next = user ? signedInActor(user, localActor.deviceId) : localActor;
    if (!sameActor(acting.getValue(), next)) acting.next(next);
  });

  function notFound(what: string, id: string): DomainError {
    return new DomainError('not-found', `${what} '${id}' does not exist.`, []);
  }

  async function getIssueDoc(issueId: string): Promise<RxDocument<Issue>> {
    const doc = await db.issues.findOne(issueId).exec();
    if (!doc) throw notFound('Issue', issueId);
    return doc;
  }

  async function getWorkflow(workflowId: string): Promise<Workflow> {
    const doc = await db.workflows.findOne(workflowId).exec();
    if (!doc) throw notFound('Workflow', workflowId);
    return doc.toMutableJSON();
  }

  async function getLocation(locationId: string): Promise<Location | undefined> {
    const doc = await db.locations.findOne(locationId).exec();
    return doc ? doc.toMutableJSON() : undefined;
  }

  /** The site a location belongs to (its root); undefined when a parent is not here. */
  async function siteOf(locationId: string): Promise<Location | undefined> {
    const seen = new Set<string>();
    let location = await getLocation(locationId);
    while (location?.parentId !== undefined) {
      if (seen.has(location.id)) return undefined;
      seen.add(location.id);
      location = await getLocation(location.parentId);
    }
    return location;
  }

  /**
   * Refuses a write at a location outside the signed-in user's sites, which the server would
   * refuse to take. Nothing is checked while no user is signed in (the sites are not known),
   * for users of every site, or when the location's site is not on this device.
   */
  async function requireOwnSite(locationId: string, what: string): Promise<void> {
    const account = actor().account;
    if (!account || account.allSites) return;
    const site = await siteOf(locationId);
    if (!site || account.sites.includes(site.id)) return;
    throw DomainError.invalid(
      'locationId',
      'not-allowed',
      `${what} at ${site.name}, which is not one of your sites. An admin can give you the site.`,
    );
  }

  /** `extra.id` gives the entry a fixed id (an escalation's, the same on every device). */
  async function record(
    issueId: string,
    kind: IssueEventKind,
    changes: FieldChange[],
    extra: Pick<IssueEvent, 'transitionId' | 'note'> & { id?: string } = {},
  ): Promise<void> {
    const { id, ...rest } = extra;
    const by = actor();
    await db.issue_events.insert({
      id: id ?? newId(),
      issueId,
      kind,
      actor: by.userId,
      deviceId: by.deviceId,
      at: clock.now(),
      changes,
      ...rest,
    });
  }

  function stamp(issue: Issue, now: number): Issue {
    const by = actor();
    return {
      ...issue,
      version: issue.version + 1,
      updatedAt: now,
      updatedBy: by.userId,
      updatedOnDevice: by.deviceId,
    };
  }

  /**
   * Applies `change` to the stored issue atomically (re-run on a concurrent write) and
   * records the resulting field changes. Returns the issue as written.
   */
  async function modifyIssue(
    issueId: string,
    kind: IssueEventKind,
    change: (current: Issue, now: number) => Issue,
    extra: Pick<IssueEvent, 'transitionId' | 'note'> & { id?: string } = {},
  ): Promise<Issue> {
    const doc = await getIssueDoc(issueId);
    let changes: FieldChange[] = [];
    const written = await doc.incrementalModify((data) => {
      const { _deleted, ...current } = data;
      const now = clock.now();
      const next = change(current, now);
      changes = fieldChanges(current, next);
      return changes.length === 0 ? data : { ...stamp(next, now), _deleted };
    });
    if (changes.length > 0) await record(issueId, kind, changes, extra);
    return written.toMutableJSON();
  }

  const commands: AppCommands = {
    async createIssue(input: NewIssueInput): Promise<Issue> {
      const valid = validateNewIssue(input);
      const location = await getLocation(valid.locationId);
      if (!location) {
        throw DomainError.invalid(
          'locationId',
          'unknown-reference',
          'Choose an existing location.',
        );
      }
      await requireOwnSite(valid.locationId, 'You cannot report an issue');
      const workflow = await getWorkflow(valid.workflowId ?? DEFAULT_WORKFLOW.id);
      const now = clock.now();
      const by = actor();
      const issue: Issue = {
        id: newId(),
        title: valid.title,
        description: valid.description ?? '',
        type: valid.type,
        priority: valid.priority,
        severity: valid.severity,
        locationId: valid.locationId,
        workflowId: workflow.id,
        status: workflow.initialStatus,
        ...(valid.assignee !== undefined && { assignee: valid.assignee }),
        reporter: by.userId,
        reportedAt: now,
        customFields: valid.customFields ?? {},
        version: 1,
        updatedAt: now,
        updatedBy: by.userId,
        updatedOnDevice: by.deviceId,
      };
      await db.issues.insert(issue);
      await record(
        issue.id,
        'created',
        fieldChanges({}, issue, ['version', 'updatedAt', 'updatedBy', 'updatedOnDevice', 'id']),
      );
      return issue;
    },

    async updateIssue(issueId: string, patch: IssuePatch, expectedVersion?: number) {
      const valid = validateIssuePatch(patch);
      if (valid.locationId !== undefined && !(await getLocation(valid.locationId))) {
        throw DomainError.invalid(
          'locationId',
          'unknown-reference',
          'Choose an existing location.',
        );
      }
      await requireOwnSite(
        (await getIssueDoc(issueId)).locationId,
        'You cannot change this issue: it is',
      );
      if (valid.locationId !== undefined) {
        await requireOwnSite(valid.locationId, 'You cannot move the issue to a place');
      }
      return modifyIssue(issueId, 'updated', (current) => {
        if (expectedVersion !== undefined && current.version !== expectedVersion) {
          throw new DomainError(
            'conflict',
            `The issue was changed meanwhile (version ${current.version}, you edited version ${expectedVersion}). Reload it and apply your edit again.`,
            [],
          );
        }
        return applyPatch(current, valid);
      });
    },

    async transition(issueId: string, transitionId: string, input: TransitionInput = {}) {
      const { workflowId, locationId } = (await getIssueDoc(issueId)).toJSON();
      await requireOwnSite(locationId, 'You cannot change the status of this issue: it is');
      const workflow = await getWorkflow(workflowId);
      const by = actor();
      return modifyIssue(
        issueId,
        'transitioned',
        (current, now) =>
          applyTransition(workflow, current, transitionId, input, { actor: by, now }).issue,
        { transitionId },
      );
    },

    async addComment(issueId: string, body: string): Promise<IssueComment> {
      const text = validateCommentBody(body);
      const issue = await getIssueDoc(issueId);
      await requireOwnSite(issue.locationId, 'You cannot comment on this issue: it is');
      const by = actor();
      const comment: IssueComment = {
        id: newId(),
        issueId,
        author: by.userId,
        deviceId: by.deviceId,
        body: text,
        createdAt: clock.now(),
      };
      await db.comments.insert(comment);
      await record(issueId, 'commented', [], { note: comment.id });
      return comment;
    },

    async createLocation(input: NewLocationInput): Promise<Location> {
      requireSetupRole(actor(), 'Adding a location');
      const valid = await validateNewLocation(input, getLocation);
      const location: Location = { id: newId(), ...valid, updatedAt: clock.now() };
      await db.locations.insert(location);
      return location;
    },

    async updateLocation(locationId: string, patch: LocationPatch): Promise<Location> {
      requireSetupRole(actor(), 'Changing a location');
      const valid = validateLocationPatch(patch);
      const doc = await db.locations.findOne(locationId).exec();
      if (!doc) throw notFound('Location', locationId);
      const written = await doc.incrementalModify((data) => {
        const next: Location = { ...data, updatedAt: clock.now() };
        if (valid.name !== undefined) next.name = valid.name;
        if (valid.timeZone === null) delete next.timeZone;
        else if (valid.timeZone !== undefined) next.timeZone = valid.timeZone;
        if (valid.calendar === null) delete next.calendar;
        else if (valid.calendar !== undefined) next.calendar = valid.calendar;
        return next;
      });
      return written.toMutableJSON();
    },

    async saveWorkflow(definition: Omit<Workflow, 'updatedAt'>): Promise<Workflow> {
      requireSetupRole(actor(), 'Changing a workflow');
      const workflow = checkWorkflow({ ...definition, updatedAt: clock.now() });
      const statusIds = new Set(workflow.statuses.map((s) => s.id));
      const stranded = await db.issues
        .find({ selector: { workflowId: workflow.id, status: { $nin: [...statusIds] } } })
        .exec();
      if (stranded.length > 0) {
        const statuses = [...new Set(stranded.map((d) => d.status))].join(', ');
        throw DomainError.invalid(
          'statuses',
          'not-allowed',
          `${stranded.length} issue(s) are in status ${statuses}, which this change removes. Move them first.`,
        );
      }
      await db.workflows.upsert(workflow);
      return workflow;
    },

    ...createEscalationCommands({
      db,
      actor,
      requireSetupRole: (what) => requireSetupRole(actor(), what),
      clock,
      newId,
      getIssue: async (issueId) => (await getIssueDoc(issueId)).toMutableJSON(),
      getWorkflow,
      transition: (issueId, transitionId, input) =>
        commands.transition(issueId, transitionId, input),
      record,
    }),
  };

  const { log: escalationLog, ...escalationOptions } = options.escalation ?? {};
  const escalation = createEscalationService({
    db,
    actor,
    clock,
    timers: options.timers ?? globalTimers,
    // Local actions take the commands' own path: modifyIssue, stamped and recorded.
    fire: (levels, now) =>
      fireLevels(
        {
          db,
          actor,
          modifyIssue,
          applyPatch,
          onError: (message, error) =>
            escalationLog?.('error', message, {
              reason: error instanceof Error ? error.message : JSON.stringify(error),
            }),
        },
        levels,
        now,
      ),
    ...(escalationLog !== undefined && { log: escalationLog }),
    options: escalationOptions,
  });

  return {
    db,
    get actor() {
      return actor();
    },
    actor$: acting.asObservable(),
    clock,
    commands,
    sync,
    escalation,
    async close() {
      await escalation.stop();
      await sync.stop();
      following.unsubscribe();
      acting.complete();
      await db.close();
    },
  };
}

function applyPatch(issue: Issue, patch: IssuePatch): Issue {
  const next: Issue = { ...issue };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.type !== undefined) next.type = patch.type;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.severity !== undefined) next.severity = patch.severity;
  if (patch.locationId !== undefined) next.locationId = patch.locationId;
  if (patch.customFields !== undefined) next.customFields = patch.customFields;
  if (patch.assignee === null) delete next.assignee;
  else if (patch.assignee !== undefined) next.assignee = patch.assignee;
  return next;
}

/**
 * Documents every installation starts with. Their content is fixed (updatedAt 0), so two
 * devices that seed offline hold identical documents and never conflict over them.
 */
async function seedDefaults(db: AppDatabase): Promise<void> {
  const existing = await db.workflows.findOne(DEFAULT_WORKFLOW.id).exec();
  if (!existing) {
    await db.workflows.insert({ ...DEFAULT_WORKFLOW, updatedAt: 0 });
  }
}
