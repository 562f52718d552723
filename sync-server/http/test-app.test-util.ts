/**
 * A sync server application over a test database, with helpers to sign users in and to
 * build valid documents of every collection.
 */
import type { Role } from '../../shared/domain';
import {
  CRITICAL_UNACKNOWLEDGED_RULE,
  escalationId,
  ruleVersionKey,
  type EscalationRule,
} from '../../shared/escalation';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import {
  pullQuery,
  type PullResponse,
  type PushRow,
  type ReplicatedDocument,
  type SyncCheckpoint,
} from '../../shared/sync/protocol';
import { createUser } from '../auth/users';
import { DEFAULT_CONFIG, DEFAULT_LIMITS, type ServerConfig, type ServerLimits } from '../config';
import type { Database } from '../store/database';
import type { BackendKind, TestBackend } from '../store/test-backends.test-util';
import { buildSyncApp, type SyncApp } from './app';

export function testConfig(
  overrides: Partial<Omit<ServerConfig, 'limits'>> & { limits?: Partial<ServerLimits> } = {},
): ServerConfig {
  return {
    ...DEFAULT_CONFIG,
    heartbeatMs: 200,
    ...overrides,
    limits: { ...DEFAULT_LIMITS, requestsPerMinute: 0, signInsPerMinute: 0, ...overrides.limits },
  };
}

export function createTestApp(db: Database, config: ServerConfig = testConfig()): Promise<SyncApp> {
  return buildSyncApp({ db, config });
}

/** A backend and a sync app over it, for the tests of one describe block. */
export interface AppOnBackend {
  readonly backend: TestBackend;
  readonly sync: SyncApp;
}

/**
 * Opens `kind`'s backend and a sync app over it once for the enclosing describe block, empties
 * the database before each test and closes both after the last one. Read `backend` and `sync`
 * inside hooks and tests: they exist once the block's first hook has run.
 */
export function useAppOnBackend(kind: BackendKind): AppOnBackend {
  let backend: TestBackend | undefined;
  let sync: SyncApp | undefined;
  beforeAll(async () => {
    backend = await kind.create();
    sync = await createTestApp(backend.db);
  }, 60_000);
  afterAll(async () => {
    await sync?.app.close();
    await backend?.dispose();
  });
  beforeEach(async () => {
    await backend?.reset();
  });
  return {
    get backend(): TestBackend {
      if (!backend) throw new Error(`the ${kind.name} backend is not open yet`);
      return backend;
    },
    get sync(): SyncApp {
      if (!sync) throw new Error(`the sync app on ${kind.name} is not open yet`);
      return sync;
    },
  };
}

export interface SignedIn {
  userId: string;
  deviceId: string;
  token: string;
  headers: { authorization: string };
}

const PASSWORD = 'a long test password';
let userCount = 0;

/** Creates a user with the role and sites and signs them in on a new device. */
export async function signedIn(
  sync: SyncApp,
  db: Database,
  role: Role,
  sites: string[] = [],
): Promise<SignedIn> {
  userCount += 1;
  const name = `${role}${userCount}`;
  const user = await createUser(db, { name, password: PASSWORD, role, sites });
  const response = await sync.app.inject({
    method: 'POST',
    url: '/auth/sign-in',
    payload: { userName: name, password: PASSWORD, deviceName: `device of ${name}` },
  });
  if (response.statusCode !== 201) throw new Error(`sign-in failed: ${response.body}`);
  const body = response.json<{ token: string; deviceId: string }>();
  return {
    userId: user.id,
    deviceId: body.deviceId,
    token: body.token,
    headers: { authorization: `Bearer ${body.token}` },
  };
}

export const TEST_PASSWORD = PASSWORD;

type Doc = ReplicatedDocument<Record<string, unknown>>;
type InjectResponse = Awaited<ReturnType<SyncApp['app']['inject']>>;

/** Pushes `rows` to `collection` as `who` (with no token when no one). */
export function pushAs(
  sync: SyncApp,
  who: SignedIn | undefined,
  collection: string,
  rows: unknown,
): Promise<InjectResponse> {
  return sync.app.inject({
    method: 'POST',
    url: `/sync/${collection}/push`,
    headers: who?.headers ?? {},
    payload: rows as object,
  });
}

/** Pushes as `who`, expects the server to take the rows, and returns its conflicts. */
export async function pushOk<D = Doc>(
  sync: SyncApp,
  who: SignedIn,
  collection: string,
  rows: unknown,
): Promise<D[]> {
  const response = await pushAs(sync, who, collection, rows);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<D[]>();
}

/** One page of `collection` after `checkpoint`, as `who` reads it. */
export async function pullPage<D = Doc>(
  sync: SyncApp,
  who: SignedIn,
  collection: string,
  checkpoint: SyncCheckpoint | null,
  limit: number,
): Promise<PullResponse<D>> {
  const response = await sync.app.inject({
    method: 'GET',
    url: `/sync/${collection}/pull?${pullQuery(checkpoint, limit)}`,
    headers: who.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<PullResponse<D>>();
}

/** Everything of `collection` `who` may read, page by page. */
export async function pullAll<D = Doc>(
  sync: SyncApp,
  who: SignedIn,
  collection: string,
  pageSize = 1000,
): Promise<D[]> {
  const documents: D[] = [];
  let checkpoint: SyncCheckpoint | null = null;
  for (;;) {
    const page: PullResponse<D> = await pullPage<D>(sync, who, collection, checkpoint, pageSize);
    documents.push(...page.documents);
    if (page.documents.length === 0) return documents;
    checkpoint = page.checkpoint;
  }
}

export function site(id: string): Doc {
  return { id, name: `Site ${id}`, kind: 'site', updatedAt: 1, _deleted: false };
}

export function area(id: string, parentId: string): Doc {
  return { id, name: `Area ${id}`, kind: 'area', parentId, updatedAt: 1, _deleted: false };
}

export function issue(id: string, locationId: string, changes: Record<string, unknown> = {}): Doc {
  return {
    id,
    title: `Issue ${id}`,
    description: '',
    type: 'breakdown',
    priority: 'High',
    severity: 3,
    locationId,
    workflowId: 'default',
    status: 'new',
    reporter: 'someone',
    reportedAt: 1_700_000_000_000,
    customFields: {},
    version: 1,
    updatedAt: 1_700_000_000_000,
    updatedBy: 'someone',
    updatedOnDevice: 'device',
    _deleted: false,
    ...changes,
  };
}

export function comment(id: string, issueId: string, body = 'A comment'): Doc {
  return {
    id,
    issueId,
    author: 'someone',
    deviceId: 'device',
    body,
    createdAt: 1_700_000_000_000,
    _deleted: false,
  };
}

export function workflow(id: string): Doc {
  return {
    id,
    name: `Workflow ${id}`,
    initialStatus: 'new',
    statuses: [{ id: 'new', name: 'New', category: 'todo' }],
    transitions: [],
    updatedAt: 0,
    _deleted: false,
  };
}

/** Push rows for documents the client believes new. */
export function fresh(...docs: Doc[]): PushRow<Record<string, unknown>>[] {
  return docs.map((newDocumentState) => ({ newDocumentState }));
}

/** A fired level of `issueId` (rule `ruleId`, cycle 1), as a device records it. */
export function escalation(
  issueId: string,
  level: number,
  changes: Record<string, unknown> = {},
): Doc {
  return {
    id: escalationId(issueId, 'critical-unacknowledged', 1, level),
    issueId,
    ruleId: 'critical-unacknowledged',
    ruleVersion: 1,
    ruleName: 'Critical issue not acknowledged in 15 minutes',
    cycle: 1,
    level,
    repeat: 0,
    dueAt: 1_700_000_900_000,
    firedAt: 1_700_000_900_000,
    late: false,
    lateByMs: 0,
    actions: [],
    firedBy: 'someone',
    deviceId: 'device',
    _deleted: false,
    ...changes,
  };
}

/** A version of a default rule, as the escalation_rules collection stores it. */
export function escalationRule(changes: Partial<EscalationRule> = {}): Doc {
  const rule = { ...CRITICAL_UNACKNOWLEDGED_RULE, ...changes };
  return {
    ...(JSON.parse(JSON.stringify(rule)) as EscalationRule),
    key: ruleVersionKey(rule.id, rule.version),
    _deleted: false,
  };
}
