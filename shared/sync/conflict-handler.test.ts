import { afterEach, describe, expect, it } from 'vitest';
import {
  createRxDatabase,
  rxStorageInstanceToReplicationHandler,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type WithDeleted,
} from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Issue, IssueComment, IssueEvent, Location, Workflow } from '../domain';
import { COLLECTIONS } from '../schemas/collections';
import {
  createAppendOnlyConflictHandler,
  createIssueConflictHandler,
  createLocationConflictHandler,
  createWorkflowConflictHandler,
  sameDocumentState,
  type DocumentResolution,
} from './conflict-handler';
import { conflictEvents } from './merge';
import { T0, WORKFLOW, issue, issueEventErrors } from './merge.test-util';

const CONTEXT = 'replication-resolve-conflict';

function live<T>(doc: T): WithDeleted<T> {
  return { ...doc, _deleted: false };
}

function issueHandler(resolutions: DocumentResolution<Issue>[] = []): RxConflictHandler<Issue> {
  return createIssueConflictHandler({
    workflowOf: (id) => Promise.resolve(id === WORKFLOW.id ? WORKFLOW : undefined),
    onResolved: (resolution) => {
      resolutions.push(resolution);
    },
  });
}

describe('sameDocumentState', () => {
  it('compares content and deletion, not storage fields or key order', () => {
    const a = live(issue());
    const stored = { ...live(issue()), _rev: '2-abc', _meta: { lwt: 5 }, _attachments: {} };
    expect(sameDocumentState(a, stored)).toBe(true);
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as WithDeleted<Issue>;
    expect(sameDocumentState(a, reordered)).toBe(true);
    expect(sameDocumentState(a, { ...a, _deleted: true })).toBe(false);
    expect(sameDocumentState(a, { ...a, title: 'other' })).toBe(false);
    expect(sameDocumentState(a, { ...a, customFields: { shift: 'C' } })).toBe(false);
    // Same version, different content: two devices edited the same revision.
    expect(sameDocumentState(a, { ...a, priority: 'High' })).toBe(false);
  });
});

describe('createIssueConflictHandler', () => {
  const base = issue();

  it('merges three ways with the assumed master state as the base', async () => {
    const resolutions: DocumentResolution<Issue>[] = [];
    const resolved = await issueHandler(resolutions).resolve(
      {
        assumedMasterState: live(base),
        newDocumentState: live({ ...base, title: 'Belt torn', status: 'resolved', version: 4 }),
        realMasterState: live({ ...base, title: 'Belt slipping', priority: 'High', version: 4 }),
      },
      CONTEXT,
    );
    expect(resolved).toMatchObject({
      title: 'Belt slipping',
      status: 'resolved',
      priority: 'High',
      version: 5,
      _deleted: false,
    });
    expect(resolutions).toHaveLength(1);
    expect(resolutions[0]?.base).toEqual(base);
    expect(resolutions[0]?.losing).toEqual([
      {
        field: 'title',
        side: 'local',
        lost: 'Belt torn',
        kept: 'Belt slipping',
        rule: 'master-wins',
      },
    ]);
  });

  it('merges without a base when the device never saw the master state', async () => {
    const resolved = await issueHandler().resolve(
      {
        newDocumentState: live({ ...base, priority: 'Critical' }),
        realMasterState: live({ ...base, priority: 'Low', title: 'Other' }),
      },
      CONTEXT,
    );
    expect(resolved).toMatchObject({ priority: 'Critical', title: 'Other' });
  });

  it('takes status categories from the workflow the lookup returns', async () => {
    const input = {
      assumedMasterState: live(base),
      newDocumentState: live({ ...base, status: 'closed' }),
      realMasterState: live({ ...base, status: 'in-progress' }),
    };
    expect((await issueHandler().resolve(input, CONTEXT)).status).toBe('closed');
    const unknown = createIssueConflictHandler({ workflowOf: () => undefined });
    expect((await unknown.resolve(input, CONTEXT)).status).toBe('in-progress');
  });

  it('an edit beats a concurrent delete, and the delete is reported', async () => {
    const resolutions: DocumentResolution<Issue>[] = [];
    const handler = issueHandler(resolutions);
    const edited = live({ ...base, title: 'Belt torn', version: 4 });
    const deleted = { ...base, version: 4, _deleted: true };
    const resurrected = await handler.resolve(
      { assumedMasterState: live(base), newDocumentState: edited, realMasterState: deleted },
      CONTEXT,
    );
    expect(resurrected).toMatchObject({ title: 'Belt torn', version: 5, _deleted: false });
    expect(resolutions[0]?.losing).toEqual([
      { field: '_deleted', side: 'remote', lost: true, kept: false, rule: 'edit-beats-delete' },
    ]);

    const kept = await handler.resolve(
      { assumedMasterState: live(base), newDocumentState: deleted, realMasterState: edited },
      CONTEXT,
    );
    expect(kept).toEqual(edited);
    expect(resolutions[1]?.losing[0]).toMatchObject({ field: '_deleted', side: 'local' });
  });

  it('a delete stands when the other side made no change', async () => {
    const handler = issueHandler();
    const deleted = { ...base, _deleted: true };
    const untouched = live({ ...base, version: base.version });
    expect(
      await handler.resolve(
        { assumedMasterState: live(base), newDocumentState: untouched, realMasterState: deleted },
        CONTEXT,
      ),
    ).toMatchObject({ _deleted: true });
    expect(
      await handler.resolve(
        { assumedMasterState: live(base), newDocumentState: deleted, realMasterState: untouched },
        CONTEXT,
      ),
    ).toMatchObject({ _deleted: true, version: base.version + 1 });
    expect(
      await handler.resolve(
        { newDocumentState: deleted, realMasterState: { ...deleted, version: 9 } },
        CONTEXT,
      ),
    ).toEqual({ ...deleted, version: 9 });
  });

  it('fails the resolution when recording it fails', async () => {
    const handler = createIssueConflictHandler({
      workflowOf: () => WORKFLOW,
      onResolved: () => Promise.reject(new Error('disk full')),
    });
    await expect(
      handler.resolve(
        {
          assumedMasterState: live(base),
          newDocumentState: live({ ...base, title: 'a' }),
          realMasterState: live({ ...base, title: 'b' }),
        },
        CONTEXT,
      ),
    ).rejects.toThrow('disk full');
  });
});

describe('workflow, location and append-only handlers', () => {
  it('workflows merge field-wise', async () => {
    const wf: Workflow = { ...WORKFLOW, updatedAt: T0 };
    const resolved = await createWorkflowConflictHandler().resolve(
      {
        assumedMasterState: live(wf),
        newDocumentState: live({ ...wf, name: 'Renamed', updatedAt: T0 + 1 }),
        realMasterState: live({ ...wf, initialStatus: 'triage', updatedAt: T0 + 2 }),
      },
      CONTEXT,
    );
    expect(resolved).toMatchObject({ name: 'Renamed', initialStatus: 'triage', _deleted: false });
  });

  it('locations merge field-wise and report what they lost', async () => {
    const loc: Location = { id: 'l1', name: 'Line 1', kind: 'line', updatedAt: T0 };
    const resolutions: DocumentResolution<Location>[] = [];
    const resolved = await createLocationConflictHandler((r) => {
      resolutions.push(r);
    }).resolve(
      {
        assumedMasterState: live(loc),
        newDocumentState: live({ ...loc, name: 'Line A', timeZone: 'Europe/Berlin' }),
        realMasterState: live({ ...loc, name: 'Line B' }),
      },
      CONTEXT,
    );
    expect(resolved).toMatchObject({ name: 'Line B', timeZone: 'Europe/Berlin' });
    expect(resolutions[0]?.losing.map((l) => l.lost)).toEqual(['Line A']);
  });

  it('append-only documents keep the master', async () => {
    const handler = createAppendOnlyConflictHandler<IssueComment>();
    const comment: IssueComment = {
      id: 'c1',
      issueId: 'issue-1',
      author: 'tom',
      deviceId: 'dev-tom',
      body: 'Ordered a new belt.',
      createdAt: T0,
    };
    const master = live(comment);
    expect(
      await handler.resolve(
        { newDocumentState: live({ ...comment }), realMasterState: master },
        CONTEXT,
      ),
    ).toBe(master);
    expect(handler.isEqual(live(comment), master, CONTEXT)).toBe(true);
  });
});

describe('in RxDB replication', () => {
  interface Collections {
    issues: RxCollection<Issue>;
    issue_events: RxCollection<IssueEvent>;
  }
  type Db = RxDatabase<Collections>;
  const open: Db[] = [];
  let counter = 0;

  afterEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.remove()));
  });

  async function database(
    name: string,
    handlers: { issues?: RxConflictHandler<Issue> } = {},
  ): Promise<Db> {
    counter += 1;
    const db = await createRxDatabase<Collections>({
      name: `${name}${counter}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    open.push(db);
    await db.addCollections({
      issues: {
        schema: COLLECTIONS.issues.schema,
        conflictHandler: handlers.issues ?? issueHandler(),
      },
      issue_events: {
        schema: COLLECTIONS.issue_events.schema,
        conflictHandler: createAppendOnlyConflictHandler<IssueEvent>(),
      },
    });
    return db;
  }

  /** One full push and pull between a device's issues and the server's, as the app will do. */
  async function sync(device: Db, server: Db): Promise<void> {
    const master = rxStorageInstanceToReplicationHandler(
      server.issues.storageInstance,
      server.issues.conflictHandler,
      server.token,
    );
    const replication = replicateRxCollection<Issue, unknown>({
      collection: device.issues,
      replicationIdentifier: 'issues-to-server',
      live: false,
      waitForLeadership: false,
      push: { handler: (rows) => master.masterWrite(rows) },
      pull: { handler: (checkpoint, size) => master.masterChangesSince(checkpoint, size) },
    });
    const errors: unknown[] = [];
    replication.error$.subscribe((error) => errors.push(error));
    await replication.awaitInitialReplication();
    await replication.cancel();
    expect(errors).toEqual([]);
  }

  it('merges concurrent offline edits of two devices and keeps the losing value in history', async () => {
    const server = await database('server');
    const phone = await database('phone');
    // The handler writes the history into the database it belongs to, opened just below.
    const history: { db?: Db } = {};
    const laptop = await database('laptop', {
      issues: createIssueConflictHandler({
        workflowOf: (id) => (id === WORKFLOW.id ? WORKFLOW : undefined),
        onResolved: async (resolution) => {
          const events = conflictEvents(resolution, {
            actor: 'ana',
            deviceId: 'dev-laptop',
            at: T0 + 60_000,
          });
          await history.db?.issue_events.bulkInsert(events);
        },
      }),
    });

    history.db = laptop;
    await server.issues.insert(issue());
    await sync(phone, server);
    await sync(laptop, server);

    // Both devices edit offline from version 3.
    const onPhone = await phone.issues.findOne('issue-1').exec();
    await onPhone!.incrementalPatch({
      title: 'Belt slipping',
      status: 'in-progress',
      acknowledgedAt: T0 + 2000,
      version: 4,
      updatedBy: 'li',
      updatedOnDevice: 'dev-phone',
    });
    const onLaptop = await laptop.issues.findOne('issue-1').exec();
    await onLaptop!.incrementalPatch({
      title: 'Belt torn',
      priority: 'Critical',
      customFields: { shift: 'B', cause: 'wear' },
      version: 4,
      updatedBy: 'ana',
      updatedOnDevice: 'dev-laptop',
    });

    await sync(phone, server); // accepted: the server had not changed
    await sync(laptop, server); // conflict: merged on the laptop, then pushed
    await sync(phone, server); // the phone pulls the merge

    const expected = {
      title: 'Belt slipping',
      status: 'in-progress',
      acknowledgedAt: T0 + 2000,
      priority: 'Critical',
      customFields: { shift: 'B', cause: 'wear' },
      version: 5,
    };
    for (const db of [server, laptop, phone]) {
      const doc = await db.issues.findOne('issue-1').exec();
      expect(doc?.toJSON()).toMatchObject(expected);
    }

    const events = await laptop.issue_events.find().exec();
    expect(events.map((e) => e.toJSON())).toEqual([
      expect.objectContaining({
        kind: 'conflict-resolved',
        issueId: 'issue-1',
        changes: [{ field: 'title', from: 'Belt torn', to: 'Belt slipping' }],
      }),
    ]);
    for (const event of events) expect(issueEventErrors(event.toMutableJSON())).toEqual([]);
  });
});
