/**
 * The escalation collections on the server: fired escalations belong to their issue's site
 * (read and written by the users of that site), rules are shared (read by everyone, written
 * by supervisors and admins, one immutable document per version), and two devices that fire
 * one level converge on the earliest firing, whatever order their pushes come in.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { escalationId } from '../../shared/escalation';
import { compareEscalationStates } from '../../shared/sync/escalation-order';
import {
  useAppOnBackend,
  escalation,
  escalationRule,
  fresh,
  issue,
  pullAll as pullAllAs,
  pushAs,
  pushOk as pushOkAs,
  signedIn,
  site,
  type SignedIn,
} from '../http/test-app.test-util';
import type { SyncApp } from '../http/app';
import { BACKENDS, type TestBackend } from '../store/test-backends.test-util';

type Doc = Record<string, unknown> & { _deleted: boolean };

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`escalations and their rules on ${kind.name}`, () => {
    const opened = useAppOnBackend(kind);
    let backend: TestBackend;
    let sync: SyncApp;
    let admin: SignedIn;
    let north: SignedIn;

    beforeEach(async () => {
      ({ backend, sync } = opened);
      admin = await signedIn(sync, backend.db, 'admin');
      north = await signedIn(sync, backend.db, 'technician', ['north']);
      await pushOk('locations', fresh(site('north'), site('south')));
      await pushOk('issues', fresh(issue('n1', 'north'), issue('s1', 'south')));
    });

    const push = (collection: string, rows: unknown, who: SignedIn = admin) =>
      pushAs(sync, who, collection, rows);
    const pushOk = (collection: string, rows: unknown, who: SignedIn = admin) =>
      pushOkAs<Doc>(sync, who, collection, rows);
    const pullAll = (collection: string, who: SignedIn = admin) =>
      pullAllAs<Doc>(sync, who, collection);

    it("keeps escalations on their issue's site: its users read and write them, others neither", async () => {
      expect(await pushOk('escalations', fresh(escalation('n1', 1)), north)).toEqual([]);
      const refused = await push('escalations', fresh(escalation('s1', 1)), north);
      expect(refused.statusCode).toBe(403);
      await pushOk('escalations', fresh(escalation('s1', 1)));
      expect((await pullAll('escalations', north)).map((doc) => doc.issueId)).toEqual(['n1']);
      expect((await pullAll('escalations')).map((doc) => doc.issueId).sort()).toEqual(['n1', 's1']);
      // An escalation of an issue the server does not know yet waits for it.
      const early = await push('escalations', fresh(escalation('n2', 1)), north);
      expect(early.statusCode).toBe(422);
      expect(early.json<{ error: string }>().error).toBe('unknown-parent');
    });

    it('shares the rules with everyone, and takes them from supervisors and admins only', async () => {
      const supervisor = await signedIn(sync, backend.db, 'supervisor', ['north']);
      const rule = escalationRule();
      expect(await pushOk('escalation_rules', fresh(rule), supervisor)).toEqual([]);
      const byTechnician = await push(
        'escalation_rules',
        fresh(escalationRule({ version: 2 })),
        north,
      );
      expect(byTechnician.statusCode).toBe(403);
      expect(await pullAll('escalation_rules', north)).toEqual([rule]);

      // A version is written once: the same content again changes nothing, other content
      // under the same key is answered with the stored version.
      expect(await pushOk('escalation_rules', fresh(rule))).toEqual([]);
      const other = escalationRule({ name: 'Another name' });
      expect(
        await pushOk('escalation_rules', [{ assumedMasterState: rule, newDocumentState: other }]),
      ).toEqual([rule]);
      expect(await pullAll('escalation_rules', north)).toEqual([rule]);
      // The key of a version is its id and version.
      const misnamed = await push(
        'escalation_rules',
        fresh({ ...rule, key: `${String(rule.id)}@9` }),
      );
      expect(misnamed.statusCode).toBe(422);
    });

    it('keeps the earliest firing of a level, whatever order the devices push in', async () => {
      const early = escalation('n1', 1, { firedAt: 1_700_000_901_000, deviceId: 'laptop' });
      const late = escalation('n1', 1, { firedAt: 1_700_000_902_000, deviceId: 'tablet' });
      // The late one first: the early one replaces it, and the late one is then answered.
      expect(await pushOk('escalations', fresh(late), north)).toEqual([]);
      expect(await pushOk('escalations', fresh(early))).toEqual([]);
      expect(
        await pushOk('escalations', [{ assumedMasterState: late, newDocumentState: late }], north),
      ).toEqual([early]);
      expect(await pullAll('escalations', north)).toEqual([early]);
    });

    it('converges on one state of a level for any states pushed in any order (property)', async () => {
      let run = 0;
      const state = fc.record({
        firedAt: fc.integer({ min: 1_700_000_900_000, max: 1_700_000_900_003 }),
        deviceId: fc.constantFrom('laptop', 'tablet', 'phone'),
        firedBy: fc.constantFrom('tina', 'tom'),
        lateByMs: fc.integer({ min: 0, max: 2 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ state, byAdmin: fc.boolean(), assumesStored: fc.boolean() }), {
            minLength: 1,
            maxLength: 5,
          }),
          async (pushes) => {
            run += 1;
            // A cycle of its own per run: no state of an earlier run is in the way.
            const id = escalationId('n1', 'critical-unacknowledged', run, 1);
            const states = pushes.map(({ state: fields }) =>
              escalation('n1', 1, { ...fields, id, cycle: run }),
            );
            let stored: Doc | undefined;
            for (const [index, { byAdmin, assumesStored }] of pushes.entries()) {
              const row = {
                ...(assumesStored && stored && { assumedMasterState: stored }),
                newDocumentState: states[index]!,
              };
              const conflicts = await pushOk('escalations', [row], byAdmin ? admin : north);
              // The answer is what the device must take: the stored state when it stands.
              stored = conflicts[0] ?? states[index]!;
            }
            const least = [...states].sort((a, b) =>
              compareEscalationStates(a as never, b as never),
            )[0];
            const held = (await pullAll('escalations', north)).filter((doc) => doc.id === id);
            expect(held).toEqual([least]);
            expect(stored).toEqual(least);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
