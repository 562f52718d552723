/**
 * Sync over loopback, against the real sync server running in its own process (as in
 * production, `npm run server`): the app core's initial pull of 50,000 issues onto the
 * desktop's durable storage, the push of 10,000 changes made offline, the propagation
 * latency from one device's command to another device's database, and a load run of 200
 * clients that each keep a live stream open while pushing and pulling. Every loop is
 * bounded, and the load run has a deadline. Writes bench/results/sync.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { RXDB_VERSION } from 'rxdb';
import { firstValueFrom, filter } from 'rxjs';
import { createAppCore, type AppCore } from '../shared/core/app-core';
import { readEventStream } from '../shared/core/sync/event-stream';
import { newAbortController, platformTimers, type FetchLike } from '../shared/core/sync/platform';
import { signIn, type SyncSession } from '../shared/core/sync/sign-in';
import { requestJson, type SyncHttp } from '../shared/core/sync/sync-http';
import { preciseNow } from '../shared/core/sync/device-worker.test-util';
import { RemoteDevice } from '../shared/core/sync/remote-device.test-util';
import { TestNetwork } from '../shared/core/sync/test-device.test-util';
import type { Issue } from '../shared/domain';
import {
  pullQuery,
  type PullResponse,
  type PushRow,
  type ReplicatedDocument,
  type SyncCheckpoint,
} from '../shared/sync/protocol';
import { makeIssue, temporaryDirectory } from '../electron/main/storage/durable-storage.test-util';
import { getRxStorageDurable } from '../electron/main/storage/durable-storage';
import {
  formatMs,
  machineDescription,
  writeResults,
  type Benchmark,
  type BenchOptions,
} from './support/benchmark';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'a benchmark password';
const fetch = globalThis.fetch as unknown as FetchLike;
const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

type Doc = ReplicatedDocument<Record<string, unknown>>;

interface Settings {
  pullIssues: number;
  pushChanges: number;
  latencySamples: number;
  loadClients: number;
  loadProfiles: LoadProfile[];
}

/**
 * How hard the load clients work: `rounds` of one push and one pull each, waiting a random
 * 0..thinkMs before every request, and never longer than `deadlineMs` in all.
 */
interface LoadProfile {
  name: string;
  description: string;
  rounds: number;
  thinkMs: number;
  deadlineMs: number;
  /** Whether the p95 target applies to this profile. */
  target: boolean;
}

function profiles(quick: boolean): LoadProfile[] {
  return [
    {
      name: 'busy team',
      description:
        'every client edits and pulls about every 10 s (about 20 pushes/s and 20 pulls/s in all, each push fanned out to every stream): many times the peak of a real team',
      rounds: quick ? 2 : 6,
      thinkMs: 10_000,
      deadlineMs: 180_000,
      target: true,
    },
    {
      name: 'saturation',
      description:
        'every client edits and pulls about every 2 s (about 100 pushes/s and 100 pulls/s, 20,000 stream events/s): five times the busy team, to show where latency starts to climb',
      rounds: quick ? 3 : 5,
      thinkMs: 2_000,
      deadlineMs: 120_000,
      target: false,
    },
  ];
}

function settingsFor(quick: boolean): Settings {
  return quick
    ? {
        pullIssues: 10_000,
        pushChanges: 2_000,
        latencySamples: 40,
        loadClients: 200,
        loadProfiles: profiles(true),
      }
    : {
        pullIssues: 50_000,
        pushChanges: 10_000,
        latencySamples: 200,
        loadClients: 200,
        loadProfiles: profiles(false),
      };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------
// The server, in a process of its own

interface ServerProcess {
  url: string;
  label: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function runServerCommand(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function startServer(backend: 'PGlite' | 'PostgreSQL'): Promise<ServerProcess> {
  const port = await freePort();
  const data = temporaryDirectory('sync-bench-server');
  const schema = `sync_bench_${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    SYNC_PORT: String(port),
    SYNC_HOST: '127.0.0.1',
    SYNC_LOG_LEVEL: 'warn',
    // A load test from one address: no per-token or sign-in limits.
    SYNC_RATE_LIMIT_PER_MINUTE: '0',
    SYNC_SIGN_IN_LIMIT_PER_MINUTE: '0',
    ...(backend === 'PostgreSQL'
      ? { DATABASE_URL: TEST_DATABASE_URL, SYNC_DATABASE_SCHEMA: schema }
      : { SYNC_DATA_DIR: data.path, DATABASE_URL: '' }),
  };
  if (backend === 'PostgreSQL') {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const create = runServerCommand(
    ['create-user', '--name', 'bench', '--role', 'admin', '--password', PASSWORD],
    env,
  );
  let createOutput = '';
  create.stderr?.on('data', (chunk: Buffer) => (createOutput += chunk.toString()));
  if ((await exited(create)) !== 0) throw new Error(`create-user failed: ${createOutput}`);

  const child = runServerCommand([], env);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return {
    url,
    label: backend,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      if (backend === 'PostgreSQL') {
        const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      }
      data.remove();
    },
  };
}

function http(session: SyncSession): SyncHttp {
  return { serverUrl: session.serverUrl, token: session.token, fetch, now: Date.now };
}

async function signInAs(url: string, userName: string, deviceName: string): Promise<SyncSession> {
  return signIn(fetch, { serverUrl: url, userName, password: PASSWORD, deviceName });
}

async function push(
  session: SyncSession,
  collection: string,
  rows: PushRow<Record<string, unknown>>[],
): Promise<Doc[]> {
  return requestJson<Doc[]>(http(session), `/sync/${collection}/push`, {
    method: 'POST',
    body: rows,
  });
}

async function createUser(admin: SyncSession, name: string, sites: string[]): Promise<void> {
  await requestJson(http(admin), '/admin/users', {
    method: 'POST',
    body: { name, password: PASSWORD, role: 'supervisor', sites },
  });
}

function site(id: string): Doc {
  return { id, name: `Site ${id}`, kind: 'site', updatedAt: 1, _deleted: false };
}

async function seedIssues(admin: SyncSession, count: number, siteId: string): Promise<void> {
  const batch = 500;
  const batches: Doc[][] = [];
  for (let start = 0; start < count; start += batch) {
    const docs: Doc[] = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) {
      docs.push({ ...makeIssue(i), locationId: siteId, _deleted: false });
    }
    batches.push(docs);
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const docs = batches[next++]!;
        const conflicts = await push(
          admin,
          'issues',
          docs.map((newDocumentState) => ({ newDocumentState })),
        );
        if (conflicts.length > 0) throw new Error('seeding conflicted');
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------
// The device

interface Device {
  core: AppCore;
  network: TestNetwork;
  close(): Promise<void>;
}

async function openDurableDevice(session: SyncSession): Promise<Device> {
  const directory = temporaryDirectory('sync-bench-device');
  const network = new TestNetwork();
  const core = await createAppCore({
    storage: getRxStorageDurable({ directory: directory.path }),
    actor: { userId: session.user.id, role: session.user.role, deviceId: session.deviceId },
    databaseName: 'syncbench',
    sync: { platform: { fetch: network.fetch, online$: network.online$ } },
  });
  return {
    core,
    network,
    async close() {
      await core.close();
      directory.remove();
    },
  };
}

async function pendingIs(core: AppCore, count: number): Promise<void> {
  await firstValueFrom(core.sync.status$.pipe(filter((s) => s.pendingChanges === count)));
}

interface Figures {
  pull?: { count: number; ms: number };
  push?: { count: number; ms: number };
  latency?: number[];
  load: LoadFigures[];
}

async function measurePull(device: Device, admin: SyncSession, count: number, figures: Figures) {
  const started = performance.now();
  await device.core.sync.start({
    serverUrl: admin.serverUrl,
    token: admin.token,
    user: admin.user,
  });
  await device.core.sync.awaitInSync();
  const ms = performance.now() - started;
  const pulled = await device.core.db.issues.count().exec();
  if (pulled < count) throw new Error(`only ${pulled} of ${count} issues arrived`);
  figures.pull = { count, ms };
  console.log(`initial pull: ${count} issues in ${formatMs(ms)} ms`);
}

async function measurePush(device: Device, count: number, figures: Figures) {
  const { core, network } = device;
  network.cut(true);
  await firstValueFrom(core.sync.status$.pipe(filter((s) => s.state === 'offline')));
  const docs = await core.db.issues.find({ sort: [{ id: 'asc' }], limit: count }).exec();
  const now = Date.now();
  await core.db.issues.bulkUpsert(
    docs.map((doc) => {
      const issue = doc.toMutableJSON();
      return {
        ...issue,
        priority: issue.priority === 'Critical' ? 'High' : 'Critical',
        version: issue.version + 1,
        updatedAt: now,
        updatedBy: core.actor.userId,
        updatedOnDevice: core.actor.deviceId,
      } satisfies Issue;
    }),
  );
  await pendingIs(core, count);
  const started = performance.now();
  network.heal();
  await core.sync.awaitInSync();
  await pendingIs(core, 0);
  const ms = performance.now() - started;
  figures.push = { count, ms };
  console.log(`push: ${count} offline changes in ${formatMs(ms)} ms`);
}

async function measureLatency(
  device: Device,
  admin: SyncSession,
  samples: number,
  figures: Figures,
) {
  const siteId = 'latency-site';
  await push(admin, 'locations', [{ newDocumentState: site(siteId) }]);
  await createUser(admin, 'latency', [siteId]);
  const other = await signInAs(admin.serverUrl, 'latency', 'second device');
  const issue = await device.core.commands.createIssue({
    title: 'Propagation probe',
    type: 'other',
    priority: 'Low',
    severity: 1,
    locationId: siteId,
  });
  const remote = await RemoteDevice.spawn();
  const latencies: number[] = [];
  try {
    await remote.call('open', other, {});
    await remote.call('awaitInSync');
    let version = issue.version;
    for (let sample = 0; sample < samples; sample += 1) {
      await remote.call('watchIssue', issue.id, version + 1);
      const sent = preciseNow();
      const updated = await device.core.commands.updateIssue(issue.id, {
        title: `Propagation probe ${sample}`,
      });
      version = updated.version;
      const arrived = await remote.call('watchedIssue');
      latencies.push(arrived - sent);
      await sleep(10);
    }
    await remote.call('close');
  } finally {
    await remote.terminate();
  }
  figures.latency = latencies;
  console.log(
    `propagation: p50 ${formatMs(percentile(latencies, 50))} ms, p95 ${formatMs(percentile(latencies, 95))} ms`,
  );
}

// ---------------------------------------------------------------------------------------
// The load run

interface LoadFigures {
  backend: string;
  profile: LoadProfile;
  clients: number;
  pushes: number[];
  pulls: number[];
  streamEvents: number;
  errors: number;
  openStreamsAtEnd: number;
  ms: number;
  finished: boolean;
  /** Event-loop delay of the benchmark's own process (the clients'), p99 and max, ms. */
  clientDelay: { p99: number; max: number };
}

interface LoadClients {
  backend: string;
  sessions: SyncSession[];
  /** Each client's own issue, as it last pushed it. */
  states: Doc[];
}

/** Signs the load clients in (one device token each) and gives each an issue of its own. */
async function prepareLoad(server: ServerProcess, clients: number): Promise<LoadClients> {
  const admin = await signInAs(server.url, 'bench', 'load admin');
  const siteId = 'load-site';
  await push(admin, 'locations', [{ newDocumentState: site(siteId) }]);
  await createUser(admin, 'load', [siteId]);
  const states: Doc[] = Array.from({ length: clients }, (_, i) => ({
    ...(makeIssue(1_000_000 + i) as unknown as Record<string, unknown>),
    id: `load-${i}`,
    locationId: siteId,
    _deleted: false,
  }));
  await push(
    admin,
    'issues',
    states.map((newDocumentState) => ({ newDocumentState })),
  );
  const sessions: SyncSession[] = [];
  for (let i = 0; i < clients; i += 8) {
    const batch = Array.from({ length: Math.min(8, clients - i) }, (_, j) =>
      signInAs(server.url, 'load', `load client ${i + j}`),
    );
    sessions.push(...(await Promise.all(batch)));
  }
  return { backend: server.label, sessions, states };
}

async function loadRun(load: LoadClients, profile: LoadProfile): Promise<LoadFigures> {
  const { sessions, states } = load;
  const clients = sessions.length;
  const figures: LoadFigures = {
    backend: load.backend,
    profile,
    clients,
    pushes: [],
    pulls: [],
    streamEvents: 0,
    errors: 0,
    openStreamsAtEnd: 0,
    ms: 0,
    finished: false,
    clientDelay: { p99: 0, max: 0 },
  };
  const controllers = sessions.map(() => newAbortController());
  const open = new Set<number>();
  const timers = platformTimers();
  const streams = sessions.map(async (session, i) => {
    const controller = controllers[i]!;
    try {
      // The one stream a device opens, of every collection.
      const response = await fetch(`${session.serverUrl}/sync/stream`, {
        headers: { authorization: `Bearer ${session.token}`, 'sync-protocol': '1' },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
      open.add(i);
      await readEventStream(response.body, {
        idleMs: 60_000,
        timers,
        abort: () => controller.abort(),
        onData: () => {
          figures.streamEvents += 1;
        },
      });
    } catch {
      if (!controller.signal.aborted) figures.errors += 1;
    } finally {
      open.delete(i);
    }
  });
  for (let attempt = 0; attempt < 400 && open.size < clients; attempt += 1) await sleep(25);

  let stopped = false;
  const deadline = setTimeout(() => {
    stopped = true;
  }, profile.deadlineMs);
  // The clients share this process: the time their answers wait for its event loop counts
  // in their latencies, so it is measured and reported beside them.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const think = () => sleep(Math.random() * profile.thinkMs);
  await Promise.all(
    sessions.map(async (session, i) => {
      let checkpoint: SyncCheckpoint | null = null;
      for (let round = 0; round < profile.rounds && !stopped; round += 1) {
        await think();
        const state = states[i]!;
        const next: Doc = {
          ...state,
          title: `Load client ${i}, ${profile.name} round ${round}`,
          version: Number(state.version) + 1,
          updatedAt: Date.now(),
        };
        try {
          const sent = performance.now();
          const conflicts = await push(session, 'issues', [
            { assumedMasterState: state, newDocumentState: next },
          ]);
          figures.pushes.push(performance.now() - sent);
          if (conflicts.length > 0) figures.errors += 1;
          else states[i] = next;
        } catch {
          figures.errors += 1;
        }
        await think();
        try {
          const sent = performance.now();
          const page: PullResponse<Record<string, unknown>> = await requestJson(
            http(session),
            `/sync/issues/pull?${pullQuery(checkpoint, 100)}`,
          );
          figures.pulls.push(performance.now() - sent);
          checkpoint = page.checkpoint ?? checkpoint;
        } catch {
          figures.errors += 1;
        }
      }
    }),
  );
  clearTimeout(deadline);
  figures.ms = performance.now() - started;
  delay.disable();
  // The histogram holds whole sampling intervals; what exceeds the interval is the delay.
  figures.clientDelay = {
    p99: Math.max(0, delay.percentile(99) / 1e6 - 10),
    max: Math.max(0, delay.max / 1e6 - 10),
  };
  figures.finished = !stopped;
  figures.openStreamsAtEnd = open.size;
  for (const controller of controllers) controller.abort();
  await Promise.all(streams);
  console.log(
    `load (${load.backend}, ${profile.name}, ${clients} clients): push p95 ${formatMs(percentile(figures.pushes, 95))} ms, ` +
      `pull p95 ${formatMs(percentile(figures.pulls, 95))} ms, ${figures.streamEvents} stream events`,
  );
  return figures;
}

/**
 * `SYNC_BENCH_ONLY`: a comma-separated list of load runs, each named by its backend and
 * profile (`PGlite busy team`, `PostgreSQL saturation`), to run only those while working on
 * the server; such a run prints its figures and leaves the results file alone. Unset: all.
 */
function onlyRuns(): string[] | undefined {
  const only = process.env.SYNC_BENCH_ONLY?.trim();
  if (!only) return undefined;
  return only.split(',').map((name) => name.trim().toLowerCase());
}

function wanted(backend: string, profile?: LoadProfile): boolean {
  const only = onlyRuns();
  if (!only) return true;
  return only.some((name) =>
    profile
      ? name === `${backend} ${profile.name}`.toLowerCase()
      : name.startsWith(`${backend} `.toLowerCase()),
  );
}

async function loadRuns(server: ServerProcess, settings: Settings): Promise<LoadFigures[]> {
  const clients = await prepareLoad(server, settings.loadClients);
  const figures: LoadFigures[] = [];
  for (const profile of settings.loadProfiles) {
    if (wanted(server.label, profile)) figures.push(await loadRun(clients, profile));
  }
  return figures;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3_000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------
// The report

function verdict(met: boolean): string {
  return met ? 'met' : '**missed**';
}

function report(settings: Settings, figures: Figures, quick: boolean, started: Date): string {
  const lines = [
    '# Sync benchmark',
    '',
    `Measured ${started.toISOString().slice(0, 10)} on ${machineDescription()}; RxDB ${RXDB_VERSION}.`,
    `Run: \`npm run bench -- sync${quick ? ' --quick' : ''}\`. The sync server runs in a process of its`,
    'own (`sync-server/main.ts`, as `npm run server` starts it) on 127.0.0.1, PGlite in a fresh data',
    'folder unless noted; rate limits off for the load run. Devices are app cores (shared/core)',
    'with their production settings; the first device stores on the desktop’s durable storage',
    '(SQLite), with schema validation on.',
    '',
    '| measurement | result | target | |',
    '| --- | ---: | ---: | --- |',
  ];
  if (figures.pull) {
    const rate = figures.pull.count / (figures.pull.ms / 1000);
    lines.push(
      `| initial pull of ${figures.pull.count.toLocaleString('en')} issues | ` +
        `${formatMs(figures.pull.ms)} ms, ${Math.round(rate).toLocaleString('en')} documents/s | ≥ 5,000 documents/s | ${verdict(rate >= 5_000)} |`,
    );
  }
  if (figures.push) {
    const rate = figures.push.count / (figures.push.ms / 1000);
    lines.push(
      `| push of ${figures.push.count.toLocaleString('en')} changes made offline | ` +
        `${formatMs(figures.push.ms)} ms, ${Math.round(rate).toLocaleString('en')} changes/s | | |`,
    );
  }
  if (figures.latency) {
    const p95 = percentile(figures.latency, 95);
    lines.push(
      `| device-to-device propagation (${figures.latency.length} edits) | ` +
        `p50 ${formatMs(percentile(figures.latency, 50))} ms, p95 ${formatMs(p95)} ms, max ${formatMs(Math.max(...figures.latency))} ms | p95 < 250 ms | ${verdict(p95 < 250)} |`,
    );
  }
  for (const load of figures.load) {
    const pushP95 = percentile(load.pushes, 95);
    const pullP95 = percentile(load.pulls, 95);
    const target = (p95: number) =>
      load.profile.target ? `p95 < 50 ms | ${verdict(p95 < 50)}` : '(capacity) | ';
    const name = `${load.clients} streaming clients, ${load.profile.name}`;
    lines.push(
      `| ${name}, push (${load.backend}) | p50 ${formatMs(percentile(load.pushes, 50))} ms, p95 ${formatMs(pushP95)} ms, p99 ${formatMs(percentile(load.pushes, 99))} ms | ${target(pushP95)} |`,
      `| ${name}, pull (${load.backend}) | p50 ${formatMs(percentile(load.pulls, 50))} ms, p95 ${formatMs(pullP95)} ms, p99 ${formatMs(percentile(load.pulls, 99))} ms | ${target(pullP95)} |`,
    );
  }
  lines.push('', '## How each figure is taken', '');
  lines.push(
    `- **Initial pull**: ${settings.pullIssues.toLocaleString('en')} issues (realistic sizes, descriptions of 20-60 words) pushed to the server beforehand; a fresh device signs in and the time runs from \`core.sync.start()\` until \`awaitInSync()\`: every page pulled (1,000 per request), validated and stored durably.`,
    `- **Push**: the same device goes offline (the platform reports it), ${settings.pushChanges.toLocaleString('en')} of its issues are changed (one write), the pending count reaches ${settings.pushChanges.toLocaleString('en')}; the time runs from the network's return until the server acknowledged everything and the pending count is 0 (pushes of 200 rows, each a conflict check on the server).`,
    `- **Propagation**: a second device (an app core in a worker thread, signed in as another user whose site is the probe's) watches its own database; the time runs from the command on the first device until the change is in the second device's database (push, stream, write). ${settings.latencySamples} edits, one after the other.`,
  );
  lines.push(
    `- **Load runs**: ${settings.loadClients} clients, each with a device token of its own and the live stream a device opens (every collection, \`/sync/stream\`) open throughout; in each round a client pushes an edit of its own issue (a conflict check against its last state) and pulls the changes since its checkpoint (100 per page), waiting a random time before each request. Every push reaches all ${settings.loadClients} streams. Latencies are measured by the clients, from sending a request to reading its answer; the clients run in the benchmark's process, the server in its own.`,
  );
  for (const load of figures.load) {
    lines.push(
      `  - ${load.profile.name} (${load.backend}): ${load.profile.description}; ${load.profile.rounds} rounds, 0-${load.profile.thinkMs} ms before each request. ${load.pushes.length.toLocaleString('en')} pushes and ${load.pulls.length.toLocaleString('en')} pulls, ${load.streamEvents.toLocaleString('en')} stream events delivered in ${formatMs(load.ms)} ms; ${load.errors} failed requests; ${load.openStreamsAtEnd} of ${load.clients} streams still open at the end; the clients' event loop was late by up to ${formatMs(load.clientDelay.p99)} ms (p99), ${formatMs(load.clientDelay.max)} ms at most${load.finished ? '' : '; **stopped by its deadline**'}.`,
    );
  }
  lines.push(
    '',
    'The saturation profile has no target. With PGlite the database runs inside the server’s',
    'process, on its one thread: every query waits while stream events are fanned out, and the',
    'other way round, so latency climbs once that thread is busy. PostgreSQL runs beside the',
    'server, outside that thread. A stream event carries every change committed since the one',
    'before, so under load there can be fewer events than pushes times streams.',
    '',
  );
  return lines.join('\n');
}

async function run(options: BenchOptions): Promise<void> {
  const settings = settingsFor(options.quick);
  const started = new Date();
  const figures: Figures = { load: [] };

  if (onlyRuns()) {
    await onlyLoadRuns(settings);
    return;
  }

  const server = await startServer('PGlite');
  try {
    const admin = await signInAs(server.url, 'bench', 'bench device');
    const siteId = 'pull-site';
    await push(admin, 'locations', [{ newDocumentState: site(siteId) }]);
    const seeding = performance.now();
    await seedIssues(admin, settings.pullIssues, siteId);
    console.log(
      `seeded ${settings.pullIssues} issues in ${formatMs(performance.now() - seeding)} ms`,
    );

    const device = await openDurableDevice(admin);
    try {
      await measurePull(device, admin, settings.pullIssues, figures);
      await measurePush(device, settings.pushChanges, figures);
      await measureLatency(device, admin, settings.latencySamples, figures);
    } finally {
      await device.close();
    }
    figures.load.push(...(await loadRuns(server, settings)));
  } finally {
    await server.stop();
  }

  if (await postgresReachable()) {
    const postgres = await startServer('PostgreSQL');
    try {
      figures.load.push(...(await loadRuns(postgres, settings)));
    } finally {
      await postgres.stop();
    }
  } else {
    console.log(`PostgreSQL is not reachable at ${TEST_DATABASE_URL}: its load run is skipped.`);
  }

  const markdown = report(settings, figures, options.quick, started);
  const path = writeResults('sync', markdown);
  console.log(`\n${markdown}\nwritten to ${path}`);
}

/** The load runs `SYNC_BENCH_ONLY` names, printed and not written to the results file. */
async function onlyLoadRuns(settings: Settings): Promise<void> {
  const figures: Figures = { load: [] };
  for (const backend of ['PGlite', 'PostgreSQL'] as const) {
    if (!wanted(backend)) continue;
    if (backend === 'PostgreSQL' && !(await postgresReachable())) {
      console.log(`PostgreSQL is not reachable at ${TEST_DATABASE_URL}: its load run is skipped.`);
      continue;
    }
    const server = await startServer(backend);
    try {
      if (backend === 'PGlite') {
        // As in the full run, the PGlite server already holds another site's issues.
        const admin = await signInAs(server.url, 'bench', 'bench device');
        await push(admin, 'locations', [{ newDocumentState: site('pull-site') }]);
        await seedIssues(admin, settings.pullIssues, 'pull-site');
      }
      figures.load.push(...(await loadRuns(server, settings)));
    } finally {
      await server.stop();
    }
  }
  for (const load of figures.load) {
    console.log(
      `${load.backend}, ${load.profile.name}: push p50 ${formatMs(percentile(load.pushes, 50))} ms, ` +
        `p95 ${formatMs(percentile(load.pushes, 95))} ms, p99 ${formatMs(percentile(load.pushes, 99))} ms; ` +
        `pull p50 ${formatMs(percentile(load.pulls, 50))} ms, p95 ${formatMs(percentile(load.pulls, 95))} ms, ` +
        `p99 ${formatMs(percentile(load.pulls, 99))} ms; ${load.errors} failed; clients' event loop late ` +
        `${formatMs(load.clientDelay.p99)} ms (p99), ${formatMs(load.clientDelay.max)} ms at most`,
    );
  }
}

export const benchmark: Benchmark = {
  name: 'sync',
  description:
    'initial pull of 50k issues, push of 10k offline changes, device-to-device latency, 200 streaming clients',
  run,
};
