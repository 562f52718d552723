import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { filter, firstValueFrom, of } from 'rxjs';
import { actorName, type Actor, type Location, type NewIssueInput } from '../domain';
import { SYNC_PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION, type SyncUser } from '../sync/protocol';
import { DomainError } from '../validation/errors';
import { DEFAULT_WORKFLOW } from '../workflow';
import { fakeClock, type FakeClock } from '../../test-support/fake-clock';
import { STORAGE_KINDS, type TestStorage } from '../../test-support/storages';
import { storePlant } from '../../test-support/locations';
import { createAppCore, type AppCore } from './app-core';
import type { FetchResponseLike } from './sync/platform';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

const technician: Actor = { userId: 'tina', role: 'technician', deviceId: 'laptop-7' };
const supervisor: Actor = { userId: 'sam', role: 'supervisor', deviceId: 'desk-1' };

function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

async function expectDomainError(
  promise: Promise<unknown>,
  code: DomainError['code'],
  field?: string,
): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  expect(domainError.code).toBe(code);
  if (field !== undefined) expect(domainError.problems.map((p) => p.field)).toContain(field);
  return domainError;
}

describe.each(STORAGE_KINDS)('app core on $name storage', (kind) => {
  let store: TestStorage;
  let clock: FakeClock;
  let core: AppCore;
  let line3: Location;

  async function open(actor: Actor = technician): Promise<AppCore> {
    return createAppCore({
      storage: store.storage,
      databaseName: store.databaseName,
      actor,
      clock,
      newId: sequentialIds(actor.userId),
    });
  }

  function input(overrides: Partial<NewIssueInput> = {}): NewIssueInput {
    return {
      title: 'Conveyor jam at the infeed',
      description: 'Belt stops every few minutes; cartons pile up.',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: line3.id,
      ...overrides,
    };
  }

  async function countAll(c: AppCore) {
    return {
      issues: await c.db.issues.count().exec(),
      events: await c.db.issue_events.count().exec(),
      comments: await c.db.comments.count().exec(),
    };
  }

  beforeEach(async () => {
    store = kind.create();
    clock = fakeClock();
    core = await open();
    ({ line: line3 } = await storePlant(core.db, {
      area: 'Packaging',
      timeZone: 'Europe/Berlin',
    }));
  });

  afterEach(async () => {
    await core.close();
    store.dispose();
  });

  it('seeds the default workflow once', async () => {
    const workflows = await core.db.workflows.find().exec();
    expect(workflows.map((w) => w.id)).toEqual([DEFAULT_WORKFLOW.id]);
    await core.close();
    core = await open();
    expect(await core.db.workflows.count().exec()).toBe(1);
  });

  it('creates an issue in the initial status and records who created it', async () => {
    const issue = await core.commands.createIssue(input({ title: '  Conveyor jam  ' }));
    expect(issue).toMatchObject({
      title: 'Conveyor jam',
      status: 'new',
      workflowId: 'default',
      reporter: 'tina',
      reportedAt: clock.now(),
      version: 1,
      updatedOnDevice: 'laptop-7',
    });
    expect(issue.acknowledgedAt).toBeUndefined();
    const stored = await core.db.issues.findOne(issue.id).exec();
    expect(stored?.toJSON()).toMatchObject({ title: 'Conveyor jam', status: 'new' });
    const events = await core.db.issue_events.find({ selector: { issueId: issue.id } }).exec();
    expect(events).toHaveLength(1);
    expect(events[0]!.toJSON()).toMatchObject({
      kind: 'created',
      actor: 'tina',
      deviceId: 'laptop-7',
      at: clock.now(),
    });
    expect(events[0]!.changes).toContainEqual({ field: 'status', from: null, to: 'new' });
  });

  it('refuses invalid input with every problem named and writes nothing', async () => {
    const before = await countAll(core);
    const error = await expectDomainError(
      core.commands.createIssue(
        input({ title: 'x'.repeat(101), severity: 9 as never, description: 'd'.repeat(1001) }),
      ),
      'validation-failed',
    );
    expect(error.problems.map((p) => p.field).sort()).toEqual(['description', 'severity', 'title']);
    expect(await countAll(core)).toEqual(before);
  });

  it('refuses an unknown location and writes nothing', async () => {
    const before = await countAll(core);
    await expectDomainError(
      core.commands.createIssue(input({ locationId: 'nowhere' })),
      'validation-failed',
      'locationId',
    );
    expect(await countAll(core)).toEqual(before);
  });

  it('updates fields, bumps the version and records each change', async () => {
    const issue = await core.commands.createIssue(input({ assignee: 'omar' }));
    clock.advance(60_000);
    const updated = await core.commands.updateIssue(issue.id, {
      priority: 'Critical',
      assignee: null,
    });
    expect(updated).toMatchObject({ priority: 'Critical', version: 2, updatedAt: clock.now() });
    expect(updated.assignee).toBeUndefined();
    const events = await core.db.issue_events
      .find({ selector: { issueId: issue.id, kind: 'updated' } })
      .exec();
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toEqual([
      { field: 'assignee', from: 'omar', to: null },
      { field: 'priority', from: 'High', to: 'Critical' },
    ]);
  });

  it('writes nothing for an edit that changes nothing', async () => {
    const issue = await core.commands.createIssue(input());
    const same = await core.commands.updateIssue(issue.id, { priority: issue.priority });
    expect(same.version).toBe(1);
    expect(await core.db.issue_events.count().exec()).toBe(1);
  });

  it('refuses an edit made against an outdated version', async () => {
    const issue = await core.commands.createIssue(input());
    await core.commands.updateIssue(issue.id, { severity: 4 }, 1);
    const before = await countAll(core);
    await expectDomainError(core.commands.updateIssue(issue.id, { severity: 5 }, 1), 'conflict');
    expect((await core.db.issues.findOne(issue.id).exec())?.severity).toBe(4);
    expect(await countAll(core)).toEqual(before);
  });

  it('moves an issue through the default workflow with its timestamps', async () => {
    const issue = await core.commands.createIssue(input());
    clock.advance(5 * 60_000);
    const started = await core.commands.transition(issue.id, 'start-progress');
    expect(started).toMatchObject({ status: 'in-progress', acknowledgedAt: clock.now() });
    const acknowledgedAt = clock.now();

    clock.advance(60 * 60_000);
    await expectDomainError(
      core.commands.transition(issue.id, 'resolve'),
      'validation-failed',
      'resolutionComment',
    );
    const resolved = await core.commands.transition(issue.id, 'resolve', {
      resolutionComment: 'Replaced the worn roller.',
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: clock.now(),
      acknowledgedAt,
      resolutionComment: 'Replaced the worn roller.',
    });

    clock.advance(60_000);
    const reopened = await core.commands.transition(issue.id, 'reopen');
    expect(reopened.status).toBe('new');
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.resolutionComment).toBeUndefined();
    expect(reopened.acknowledgedAt).toBe(acknowledgedAt);

    const history = await core.db.issue_events
      .find({ selector: { issueId: issue.id }, sort: [{ at: 'asc' }] })
      .exec();
    expect(history.map((e) => [e.kind, e.transitionId ?? null])).toEqual([
      ['created', null],
      ['transitioned', 'start-progress'],
      ['transitioned', 'resolve'],
      ['transitioned', 'reopen'],
    ]);
    expect(history[3]!.changes).toContainEqual({ field: 'status', from: 'resolved', to: 'new' });
  });

  it('refuses an illegal transition and writes nothing', async () => {
    const issue = await core.commands.createIssue(input());
    const before = await countAll(core);
    await expectDomainError(core.commands.transition(issue.id, 'close'), 'illegal-transition');
    await expectDomainError(core.commands.transition(issue.id, 'no-such'), 'unknown-transition');
    await expectDomainError(core.commands.transition('missing', 'resolve'), 'not-found');
    expect(await countAll(core)).toEqual(before);
    expect((await core.db.issues.findOne(issue.id).exec())?.version).toBe(1);
  });

  it('lets only supervisors close, as the workflow says', async () => {
    const issue = await core.commands.createIssue(input());
    await core.commands.transition(issue.id, 'resolve', { resolutionComment: 'Fixed.' });
    await expectDomainError(core.commands.transition(issue.id, 'close'), 'forbidden');
    await core.close();
    core = await open(supervisor);
    const closed = await core.commands.transition(issue.id, 'close');
    expect(closed).toMatchObject({ status: 'closed', updatedBy: 'sam' });
  });

  it('adds comments and records them in the history', async () => {
    const issue = await core.commands.createIssue(input());
    const comment = await core.commands.addComment(issue.id, '  Ordered a spare roller. ');
    expect(comment).toMatchObject({
      issueId: issue.id,
      author: 'tina',
      body: 'Ordered a spare roller.',
    });
    await expectDomainError(core.commands.addComment(issue.id, '   '), 'validation-failed', 'body');
    await expectDomainError(core.commands.addComment('missing', 'hello'), 'not-found');
    expect(await core.db.comments.count().exec()).toBe(1);
    const commented = await core.db.issue_events.find({ selector: { kind: 'commented' } }).exec();
    expect(commented.map((e) => e.note)).toEqual([comment.id]);
  });

  it('builds the location hierarchy and refuses a broken one', async () => {
    await core.close();
    core = await open(supervisor);
    const plant = await core.commands.createLocation({ name: 'Plant B', kind: 'site' });
    const hall = await core.commands.createLocation({
      name: 'Hall 1',
      kind: 'area',
      parentId: plant.id,
    });
    expect(hall).toMatchObject({ name: 'Hall 1', parentId: plant.id, updatedAt: clock.now() });
    await expectDomainError(
      core.commands.createLocation({ name: 'Line 9', kind: 'line', parentId: 'nowhere' }),
      'validation-failed',
      'parentId',
    );
    await expectDomainError(
      core.commands.createLocation({ name: 'Line 9', kind: 'line', parentId: line3.id }),
      'validation-failed',
      'parentId',
    );
    const renamed = await core.commands.updateLocation(line3.id, { name: 'Line 3 (north)' });
    expect(renamed.name).toBe('Line 3 (north)');
    const own = await core.commands.updateLocation(line3.id, {
      timeZone: 'America/Chicago',
      calendar: { weekly: [], holidays: ['2026-12-24'] },
    });
    expect(own).toMatchObject({ timeZone: 'America/Chicago', name: 'Line 3 (north)' });
    const inheriting = await core.commands.updateLocation(line3.id, {
      timeZone: null,
      calendar: null,
    });
    expect(inheriting).not.toHaveProperty('timeZone');
    expect(inheriting).not.toHaveProperty('calendar');
    expect(inheriting.name).toBe('Line 3 (north)');
  });

  it('refuses a workflow change that would strand issues in a removed status', async () => {
    const issue = await core.commands.createIssue(input());
    await core.commands.transition(issue.id, 'start-progress');
    await core.close();
    core = await open(supervisor);
    const withoutInProgress = {
      ...DEFAULT_WORKFLOW,
      statuses: DEFAULT_WORKFLOW.statuses.filter((s) => s.id !== 'in-progress'),
      transitions: DEFAULT_WORKFLOW.transitions.filter(
        (t) => t.to !== 'in-progress' && !t.from.includes('in-progress'),
      ),
    };
    await expectDomainError(core.commands.saveWorkflow(withoutInProgress), 'validation-failed');
    const renamed = await core.commands.saveWorkflow({ ...DEFAULT_WORKFLOW, name: 'Plant A flow' });
    expect(renamed.name).toBe('Plant A flow');
  });

  it('refuses technicians the team’s setup with a forbidden DomainError, and writes nothing', async () => {
    const [rule] = await core.db.escalation_rules.find().exec();
    expect(rule).toBeDefined();
    const before = {
      locations: (await core.db.locations.find().exec()).map((doc) => doc.toJSON()),
      workflows: (await core.db.workflows.find().exec()).map((doc) => doc.toJSON()),
      rules: await core.db.escalation_rules.count().exec(),
    };
    const refusals = [
      core.commands.createLocation({ name: 'Plant B', kind: 'site' }),
      core.commands.updateLocation(line3.id, { name: 'Line 3 (north)' }),
      core.commands.saveWorkflow({ ...DEFAULT_WORKFLOW, name: 'Plant A flow' }),
      core.commands.saveEscalationRule({ ...rule!.toMutableJSON(), name: 'Faster' }, rule!.id),
      core.commands.setEscalationRuleEnabled(rule!.id, !rule!.enabled),
    ];
    for (const refusal of refusals) {
      const error = await expectDomainError(refusal, 'forbidden');
      expect(error.message).toMatch(/is for supervisors and admins only\. You are a technician\./);
    }
    expect({
      locations: (await core.db.locations.find().exec()).map((doc) => doc.toJSON()),
      workflows: (await core.db.workflows.find().exec()).map((doc) => doc.toJSON()),
      rules: await core.db.escalation_rules.count().exec(),
    }).toEqual(before);
  });

  it('keeps everything across a restart', async () => {
    const issue = await core.commands.createIssue(input());
    await core.commands.transition(issue.id, 'start-progress');
    await core.commands.addComment(issue.id, 'On it.');
    const before = await countAll(core);
    await core.close();
    core = await createAppCore({
      storage: store.reopen(),
      databaseName: store.databaseName,
      actor: technician,
      clock,
      newId: sequentialIds('again'),
    });
    expect(await countAll(core)).toEqual(before);
    expect((await core.db.issues.findOne(issue.id).exec())?.status).toBe('in-progress');
  });
});

describe('the acting user', () => {
  const tina: SyncUser = {
    id: 'u-0042',
    name: 'tina',
    role: 'technician',
    sites: ['site-a'],
    allSites: false,
  };
  const omar: SyncUser = { id: 'u-0007', name: 'omar', role: 'admin', sites: [], allSites: true };
  let core: AppCore;
  let line: Location;

  beforeEach(async () => {
    core = await createAppCore({
      storage: getRxStorageMemory(),
      databaseName: `acting${process.pid}x${Math.random().toString(36).slice(2, 8)}`,
      actor: supervisor,
      clock: fakeClock(),
      newId: sequentialIds(),
      // No server answers: only who acts matters here.
      sync: {
        platform: {
          fetch: () => Promise.reject(new TypeError('fetch failed')),
          online$: of(false),
        },
      },
    });
    ({ line } = await storePlant(core.db, { siteId: 'site-a' }));
  });
  afterEach(async () => {
    await core.close();
  });

  function startAs(user: SyncUser): Promise<void> {
    return core.sync.start({ serverUrl: 'https://sync.example', token: 'a-token', user });
  }

  it('is the user signed in to the team server while sync runs, and this device’s own again after', async () => {
    const seen: Actor[] = [];
    const subscription = core.actor$.subscribe((actor) => seen.push(actor));
    await startAs(tina);
    const signedIn: Actor = {
      userId: 'u-0042',
      role: 'technician',
      deviceId: 'desk-1',
      account: { name: 'tina', sites: ['site-a'], allSites: false },
    };
    expect(core.actor).toEqual(signedIn);
    expect(actorName(core.actor)).toBe('tina');

    const issue = await core.commands.createIssue({
      title: 'Guard rail loose',
      type: 'safety',
      priority: 'High',
      severity: 4,
      locationId: line.id,
    });
    expect(issue).toMatchObject({ reporter: 'u-0042', updatedBy: 'u-0042' });
    const comment = await core.commands.addComment(issue.id, 'Taped off the area.');
    expect(comment).toMatchObject({ author: 'u-0042', deviceId: 'desk-1' });
    const events = await core.db.issue_events.find({ selector: { issueId: issue.id } }).exec();
    expect(events.map((event) => [event.kind, event.actor, event.deviceId])).toEqual([
      ['created', 'u-0042', 'desk-1'],
      ['commented', 'u-0042', 'desk-1'],
    ]);
    // The server's role counts, not the device's: this device's supervisor is not signed in.
    await expectDomainError(
      core.commands.createLocation({ name: 'Plant B', kind: 'site' }),
      'forbidden',
    );

    await core.sync.stop();
    expect(core.actor).toEqual(supervisor);
    const plant = await core.commands.createLocation({ name: 'Plant B', kind: 'site' });
    const updated = await core.commands.updateIssue(issue.id, { severity: 5 });
    expect(updated.updatedBy).toBe('sam');
    subscription.unsubscribe();
    expect(seen).toEqual([supervisor, signedIn, supervisor]);

    await startAs(omar);
    expect(core.actor).toMatchObject({ userId: 'u-0007', role: 'admin' });
    await core.commands.updateLocation(plant.id, { name: 'Plant B (east)' });
  });

  it('refuses writes at a site that is not the signed-in user’s, naming locationId, and writes nothing', async () => {
    const plantB = await storePlant(core.db, { site: 'Plant B', siteId: 'site-b' });
    // Stored as the server would have left them, before the user lost Plant B.
    const atB = await core.commands.createIssue({
      title: 'Press 2 leaking',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: plantB.line.id,
    });
    const atA = await core.commands.createIssue({
      title: 'Guard rail loose',
      type: 'safety',
      priority: 'High',
      severity: 4,
      locationId: line.id,
    });
    await startAs(tina);
    const before = {
      issues: await core.db.issues.count().exec(),
      events: await core.db.issue_events.count().exec(),
      comments: await core.db.comments.count().exec(),
    };

    const refused = await expectDomainError(
      core.commands.createIssue({
        title: 'Oil on the floor',
        type: 'safety',
        priority: 'High',
        severity: 4,
        locationId: plantB.area.id,
      }),
      'validation-failed',
      'locationId',
    );
    expect(refused.problems).toEqual([
      {
        field: 'locationId',
        reason: 'not-allowed',
        message:
          'You cannot report an issue at Plant B, which is not one of your sites. An admin can give you the site.',
      },
    ]);
    await expectDomainError(
      core.commands.updateIssue(atA.id, { locationId: plantB.line.id }),
      'validation-failed',
      'locationId',
    );
    await expectDomainError(
      core.commands.updateIssue(atB.id, { severity: 5 }),
      'validation-failed',
      'locationId',
    );
    await expectDomainError(
      core.commands.addComment(atB.id, 'On my way.'),
      'validation-failed',
      'locationId',
    );
    await expectDomainError(
      core.commands.acknowledgeIssue(atB.id),
      'validation-failed',
      'locationId',
    );
    expect({
      issues: await core.db.issues.count().exec(),
      events: await core.db.issue_events.count().exec(),
      comments: await core.db.comments.count().exec(),
    }).toEqual(before);
    // At the user's own site everything goes on as before.
    await core.commands.addComment(atA.id, 'Taped off the area.');
    await core.commands.updateIssue(atA.id, { severity: 5 });

    // An admin works on every site; with no user signed in, the sites are not known.
    await startAs(omar);
    await core.commands.addComment(atB.id, 'Seen by the admin.');
    await core.sync.stop();
    await core.commands.createIssue({
      title: 'Oil on the floor',
      type: 'safety',
      priority: 'High',
      severity: 4,
      locationId: plantB.area.id,
    });
  });

  it('acts as the user sync learns it runs as, when started with the token alone', async () => {
    await core.close();
    const me = { user: omar, deviceId: 'server-device-1' };
    core = await createAppCore({
      storage: getRxStorageMemory(),
      databaseName: `acting${process.pid}x${Math.random().toString(36).slice(2, 8)}`,
      actor: technician,
      sync: {
        platform: {
          fetch: (url) =>
            url.endsWith('/auth/me')
              ? Promise.resolve(jsonAnswer(me))
              : Promise.reject(new TypeError('fetch failed')),
        },
        tuning: { backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } },
      },
    });
    const admin = firstValueFrom(core.actor$.pipe(filter((actor) => actor.role === 'admin')));
    await core.sync.start({ serverUrl: 'https://sync.example', token: 'a-token' });
    expect(await admin).toMatchObject({ userId: 'u-0007', deviceId: 'laptop-7' });
    await core.commands.createLocation({ name: 'Plant C', kind: 'site' });
  });
});

/** A sync server's JSON answer, as the client reads it. */
function jsonAnswer(body: unknown): FetchResponseLike {
  return {
    ok: true,
    status: 200,
    headers: {
      get: (name) =>
        name.toLowerCase() === SYNC_PROTOCOL_HEADER ? String(SYNC_PROTOCOL_VERSION) : null,
    },
    body: null,
    text: () => Promise.resolve(JSON.stringify(body)),
  };
}
