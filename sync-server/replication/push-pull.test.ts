import { beforeEach, describe, expect, it } from 'vitest';
import { compareCheckpoints, type SyncCheckpoint } from '../../shared/sync/protocol';
import {
  area,
  comment,
  useAppOnBackend,
  fresh,
  issue,
  pullAll as pullAllAs,
  pullPage,
  pushAs,
  pushOk as pushOkAs,
  signedIn,
  site,
  type SignedIn,
} from '../http/test-app.test-util';
import type { SyncApp } from '../http/app';
import { listPendingOutbox } from '../store/outbox';
import { BACKENDS, type TestBackend } from '../store/test-backends.test-util';

type Doc = Record<string, unknown> & { id: string; _deleted: boolean };

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`push and pull on ${kind.name}`, () => {
    const opened = useAppOnBackend(kind);
    let backend: TestBackend;
    let sync: SyncApp;
    let admin: SignedIn;

    beforeEach(async () => {
      ({ backend, sync } = opened);
      admin = await signedIn(sync, backend.db, 'admin');
    });

    const push = (collection: string, rows: unknown, who: SignedIn = admin) =>
      pushAs(sync, who, collection, rows);
    const pushOk = (collection: string, rows: unknown, who: SignedIn = admin) =>
      pushOkAs<Doc>(sync, who, collection, rows);
    const pull = (
      collection: string,
      checkpoint: SyncCheckpoint | null,
      limit: number,
      who: SignedIn = admin,
    ) => pullPage<Doc>(sync, who, collection, checkpoint, limit);
    const pullAll = (collection: string, who: SignedIn = admin) =>
      pullAllAs<Doc>(sync, who, collection, 50);

    it('pages through changes by checkpoint, in server order, each document once', async () => {
      await pushOk('locations', fresh(site('s1')));
      const before = Date.now();
      for (const batch of [
        ['b', 'a', 'c'],
        ['e', 'd'],
        ['g', 'f'],
      ]) {
        // Client clocks far in the past or future do not matter: the server stamps.
        await pushOk(
          'issues',
          fresh(...batch.map((id, i) => issue(id, 's1', { updatedAt: i * 1e12 }))),
        );
      }
      const seen: string[] = [];
      const checkpoints: SyncCheckpoint[] = [];
      let checkpoint: SyncCheckpoint | null = null;
      for (;;) {
        const page = await pull('issues', checkpoint, 3);
        expect(page.documents.length).toBeLessThanOrEqual(3);
        if (page.documents.length === 0) {
          expect(page.checkpoint).toEqual(checkpoint);
          break;
        }
        const last = page.documents.at(-1)!;
        expect(page.checkpoint?.id).toBe(last.id);
        seen.push(...page.documents.map((doc) => doc.id));
        checkpoint = page.checkpoint;
        checkpoints.push(checkpoint!);
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect(seen.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
      for (let i = 1; i < checkpoints.length; i += 1) {
        expect(compareCheckpoints(checkpoints[i - 1]!, checkpoints[i]!)).toBe(-1);
      }
      expect(checkpoints[0]!.updatedAt).toBeGreaterThanOrEqual(before);

      // A later change comes after the last checkpoint, once.
      const [first] = await pullAll('issues');
      await pushOk('issues', [
        { assumedMasterState: first, newDocumentState: { ...first, title: 'Changed' } },
      ]);
      const after = await pull('issues', checkpoint, 10);
      expect(after.documents.map((doc) => [doc.id, doc.title])).toEqual([[first!.id, 'Changed']]);
    });

    it('answers stale rows with the server state and writes the others', async () => {
      await pushOk('locations', fresh(site('s1')));
      const original = issue('i1', 's1');
      await pushOk('issues', fresh(original, issue('i2', 's1')));
      const edited = { ...original, title: 'Edited on device A', version: 2 };
      expect(
        await pushOk('issues', [{ assumedMasterState: original, newDocumentState: edited }]),
      ).toEqual([]);

      // Device B still assumes the original: its edit conflicts; its other row is written.
      const conflicts = await pushOk('issues', [
        {
          assumedMasterState: original,
          newDocumentState: { ...original, title: 'Edited on device B' },
        },
        {
          assumedMasterState: issue('i2', 's1'),
          newDocumentState: issue('i2', 's1', { priority: 'Low' }),
        },
      ]);
      expect(conflicts).toEqual([edited]);
      const stored = await pullAll('issues');
      expect(stored.find((doc) => doc.id === 'i1')?.title).toBe('Edited on device A');
      expect(stored.find((doc) => doc.id === 'i2')?.priority).toBe('Low');

      // Key order does not make a state different.
      const reordered = Object.fromEntries(Object.entries(edited).reverse());
      expect(
        await pushOk('issues', [
          { assumedMasterState: reordered, newDocumentState: { ...edited, version: 3 } },
        ]),
      ).toEqual([]);
    });

    it('treats a new row for a stored document as a conflict, unless it is the same state', async () => {
      await pushOk('locations', fresh(site('s1')));
      await pushOk('issues', fresh(issue('i1', 's1')));
      const { checkpoint } = await pull('issues', null, 10);

      expect(await pushOk('issues', fresh(issue('i1', 's1')))).toEqual([]);
      expect((await pull('issues', checkpoint, 10)).documents).toEqual([]); // not stamped again

      const conflicts = await pushOk('issues', fresh(issue('i1', 's1', { title: 'Other' })));
      expect(conflicts).toEqual([issue('i1', 's1')]);
    });

    it('replicates deletions as documents with _deleted', async () => {
      await pushOk('locations', fresh(site('s1')));
      const original = issue('i1', 's1');
      await pushOk('issues', fresh(original));
      await pushOk('issues', [
        { assumedMasterState: original, newDocumentState: { ...original, _deleted: true } },
      ]);
      expect(await pullAll('issues')).toEqual([{ ...original, _deleted: true }]);
    });

    it('never rewrites documents of append-only collections', async () => {
      await pushOk('locations', fresh(site('s1')));
      await pushOk('issues', fresh(issue('i1', 's1')));
      const original = comment('c1', 'i1', 'First words');
      await pushOk('comments', fresh(original));
      const conflicts = await pushOk('comments', [
        { assumedMasterState: original, newDocumentState: { ...original, body: 'Rewritten' } },
      ]);
      expect(conflicts).toEqual([original]);
      expect(await pullAll('comments')).toEqual([original]);
    });

    it('writes nothing of a batch that holds one invalid document', async () => {
      await pushOk('locations', fresh(site('s1')));
      const response = await push(
        'issues',
        fresh(issue('good', 's1'), issue('bad', 's1', { title: '', severity: 9, extra: true })),
      );
      expect(response.statusCode).toBe(422);
      const body = response.json<{
        error: string;
        problems: { row: number; documentId: string; path: string }[];
      }>();
      expect(body.error).toBe('invalid-document');
      expect(
        body.problems.every((problem) => problem.row === 1 && problem.documentId === 'bad'),
      ).toBe(true);
      expect(body.problems.map((problem) => problem.path)).toEqual(
        expect.arrayContaining(['/title', '/severity']),
      );
      expect(await pullAll('issues')).toEqual([]);
      expect(await listPendingOutbox(backend.db)).toEqual([]);
    });

    it('refuses malformed rows with the row named', async () => {
      await pushOk('locations', fresh(site('s1')));
      const cases: unknown[] = [
        {},
        [{ newDocumentState: { ...issue('x', 's1'), _deleted: undefined } }],
        [{ newDocumentState: { ...issue('x', 's1'), _rev: '1-abc' } }],
        [{ newDocumentState: issue('x', 's1'), assumedMasterState: issue('y', 's1') }],
        fresh(issue('x', 's1'), issue('x', 's1')),
        fresh(issue('x', 's1', { title: 'nul \u0000 inside' })),
      ];
      for (const rows of cases) {
        const response = await push('issues', rows);
        expect([400, 422], response.body).toContain(response.statusCode);
        expect(response.json<{ message: string }>().message).toBeTruthy();
      }
      expect(await pullAll('issues')).toEqual([]);
    });

    it('refuses a document whose location is not known yet, and takes it once it is', async () => {
      const response = await push('issues', fresh(issue('i1', 'later')));
      expect(response.statusCode).toBe(422);
      expect(response.json<{ error: string }>().error).toBe('unknown-parent');
      await pushOk('locations', fresh(site('later')));
      expect(await pushOk('issues', fresh(issue('i1', 'later')))).toEqual([]);
    });

    it('takes a site and its areas in one batch, in any order', async () => {
      await pushOk('locations', fresh(area('line', 'hall'), area('hall', 'plant'), site('plant')));
      expect((await pullAll('locations')).map((doc) => doc.id).sort()).toEqual([
        'hall',
        'line',
        'plant',
      ]);
      await pushOk('issues', fresh(issue('i1', 'line')));
      const technician = await signedIn(sync, backend.db, 'technician', ['plant']);
      expect((await pullAll('issues', technician)).map((doc) => doc.id)).toEqual(['i1']);
    });

    it('queues outbox deliveries in the transaction that stores the change', async () => {
      await pushOk('locations', fresh(site('s1')));
      await pushOk('issues', fresh(issue('i1', 's1')));
      await pushOk('comments', fresh(comment('c1', 'i1')));
      const outbox = await listPendingOutbox(backend.db);
      expect(outbox.map((entry) => [entry.topic, entry.documentId])).toEqual([
        ['issues.changed', 'i1'],
        ['comments.added', 'c1'],
      ]);
      expect(outbox[0]!.payload).toMatchObject({
        document: { id: 'i1', title: 'Issue i1' },
        deleted: false,
        by: admin.userId,
        deviceId: admin.deviceId,
        site: 's1',
      });
    });

    it('moves an issue with its comments to the site of its new location', async () => {
      await pushOk('locations', fresh(site('north'), site('south')));
      const original = issue('i1', 'north');
      await pushOk('issues', fresh(original));
      await pushOk('comments', fresh(comment('c1', 'i1'), comment('c2', 'i1')));
      const south = await signedIn(sync, backend.db, 'technician', ['south']);
      const before = await pull('comments', null, 10, south);
      expect(before.documents).toEqual([]);

      await pushOk('issues', [
        { assumedMasterState: original, newDocumentState: { ...original, locationId: 'south' } },
      ]);
      expect((await pullAll('issues', south)).map((doc) => doc.id)).toEqual(['i1']);
      expect((await pullAll('comments', south)).map((doc) => doc.id)).toEqual(['c1', 'c2']);
    });

    it('lets exactly one of concurrent edits of a document win, the others conflict', async () => {
      await pushOk('locations', fresh(site('s1')));
      const original = issue('i1', 's1');
      await pushOk('issues', fresh(original));
      const edits = Array.from({ length: 8 }, (_, n) => ({ ...original, title: `Edit ${n}` }));
      const answers = await Promise.all(
        edits.map((edit) =>
          pushOk('issues', [{ assumedMasterState: original, newDocumentState: edit }]),
        ),
      );
      const winners = answers.filter((conflicts) => conflicts.length === 0);
      expect(winners).toHaveLength(1);
      const [stored] = await pullAll('issues');
      for (const conflicts of answers) {
        if (conflicts.length > 0) expect(conflicts).toEqual([stored]);
      }
    });

    it('stamps concurrent writes uniquely, so no change is skipped by a checkpoint', async () => {
      await pushOk('locations', fresh(site('s1')));
      await Promise.all(
        Array.from({ length: 12 }, (_, n) => pushOk('issues', fresh(issue(`i${n}`, 's1')))),
      );
      const checkpoints: SyncCheckpoint[] = [];
      let checkpoint: SyncCheckpoint | null = null;
      for (;;) {
        const page = await pull('issues', checkpoint, 1);
        if (page.documents.length === 0) break;
        checkpoint = page.checkpoint;
        checkpoints.push(checkpoint!);
      }
      expect(checkpoints).toHaveLength(12);
      expect(new Set(checkpoints.map((cp) => cp.updatedAt)).size).toBe(12);
    });

    it('keeps locations on their site', async () => {
      await pushOk('locations', fresh(site('north'), site('south'), area('hall', 'north')));
      const response = await push('locations', [
        { assumedMasterState: area('hall', 'north'), newDocumentState: area('hall', 'south') },
      ]);
      expect(response.statusCode).toBe(422);
    });
  });
}
