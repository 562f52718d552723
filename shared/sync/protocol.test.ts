import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../schemas';
import {
  compareCheckpoints,
  isReplicatedCollection,
  isSyncCheckpoint,
  parseCheckpointQuery,
  parseStreamCollections,
  parseStreamEvent,
  parseTaggedStreamEvent,
  pullQuery,
  REPLICATED_COLLECTIONS,
  RESYNC,
  streamQuery,
  UNVERSIONED_SCOPE,
  type SyncCheckpoint,
} from './protocol';

const checkpoint: fc.Arbitrary<SyncCheckpoint> = fc.record(
  {
    id: fc.string({ maxLength: 64 }),
    updatedAt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    scope: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  },
  { requiredKeys: ['id', 'updatedAt'] },
);

describe('sync protocol', () => {
  it('replicates only collections that have a schema', () => {
    for (const name of REPLICATED_COLLECTIONS) expect(COLLECTION_NAMES).toContain(name);
    expect(isReplicatedCollection('issues')).toBe(true);
    expect(isReplicatedCollection('users')).toBe(false);
    expect(isReplicatedCollection('__proto__')).toBe(false);
  });

  it('orders checkpoints by server stamp, then id, as a total order', () => {
    fc.assert(
      fc.property(checkpoint, checkpoint, checkpoint, (a, b, c) => {
        expect(Math.sign(compareCheckpoints(a, b))).toBe(-Math.sign(compareCheckpoints(b, a)));
        expect(compareCheckpoints(a, a)).toBe(0);
        if (compareCheckpoints(a, b) <= 0 && compareCheckpoints(b, c) <= 0) {
          expect(compareCheckpoints(a, c)).toBeLessThanOrEqual(0);
        }
        if (a.updatedAt < b.updatedAt) expect(compareCheckpoints(a, b)).toBe(-1);
      }),
    );
  });

  it('carries a checkpoint through the pull query unchanged', () => {
    fc.assert(
      fc.property(fc.option(checkpoint, { nil: null }), fc.nat(), (cp, limit) => {
        const params = new URLSearchParams(pullQuery(cp, limit));
        const parsed = parseCheckpointQuery({
          updatedAt: params.get('updatedAt') ?? undefined,
          id: params.get('id') ?? undefined,
          scope: params.get('scope') ?? undefined,
        });
        // A checkpoint stored before scope versions travels with the version no user has.
        const sent = cp && { ...cp, scope: cp.scope ?? UNVERSIONED_SCOPE };
        expect(parsed).toEqual({ ok: true, checkpoint: sent });
        expect(params.get('limit')).toBe(String(limit));
      }),
    );
  });

  it('takes a checkpoint without a scope version as it is, and a version only with a position', () => {
    expect(parseCheckpointQuery({ updatedAt: '5', id: 'a' })).toEqual({
      ok: true,
      checkpoint: { id: 'a', updatedAt: 5 },
    });
    expect(parseCheckpointQuery({ scope: '2' }).ok).toBe(false);
    for (const scope of ['-1', '1.5', 'x', '']) {
      expect(parseCheckpointQuery({ updatedAt: '5', id: 'a', scope }).ok).toBe(false);
    }
  });

  it('refuses half a checkpoint and stamps that are not integers', () => {
    expect(parseCheckpointQuery({ id: 'a' }).ok).toBe(false);
    expect(parseCheckpointQuery({ updatedAt: '5' }).ok).toBe(false);
    for (const updatedAt of ['-1', '1.5', 'abc', '', '1e3', '99999999999999999']) {
      expect(parseCheckpointQuery({ updatedAt, id: 'a' }).ok).toBe(false);
    }
  });

  it('recognises checkpoints and nothing else', () => {
    fc.assert(
      fc.property(checkpoint, (cp) => {
        expect(isSyncCheckpoint(cp)).toBe(true);
      }),
    );
    for (const value of [
      null,
      'x',
      { id: 1, updatedAt: 1 },
      { id: 'a', updatedAt: -1 },
      { id: 'a', updatedAt: 1, scope: 'x' },
      {},
    ]) {
      expect(isSyncCheckpoint(value)).toBe(false);
    }
  });

  it('decodes the stream events it encodes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.string(), _deleted: fc.boolean() })),
        checkpoint,
        (documents, cp) => {
          const event = { documents, checkpoint: cp };
          expect(parseStreamEvent(JSON.stringify(event))).toEqual(event);
        },
      ),
    );
    expect(parseStreamEvent(JSON.stringify(RESYNC))).toBe(RESYNC);
    expect(parseStreamEvent('"RESYNCED"')).toBeUndefined();
    expect(parseStreamEvent('not json')).toBeUndefined();
    expect(parseStreamEvent('{"documents":[]}')).toBeUndefined();
  });

  it('decodes the shared stream events it encodes, each with its collection', () => {
    const collection = fc.constantFrom(...REPLICATED_COLLECTIONS);
    fc.assert(
      fc.property(
        collection,
        fc.array(fc.record({ id: fc.string(), _deleted: fc.boolean() })),
        checkpoint,
        (name, documents, cp) => {
          const batch = { documents, checkpoint: cp };
          expect(parseTaggedStreamEvent(JSON.stringify({ collection: name, ...batch }))).toEqual({
            collection: name,
            event: batch,
          });
          expect(
            parseTaggedStreamEvent(JSON.stringify({ collection: name, resync: true })),
          ).toEqual({ collection: name, event: RESYNC });
        },
      ),
    );
    expect(parseTaggedStreamEvent('{"collection":"users","resync":true}')).toBeUndefined();
    expect(parseTaggedStreamEvent(JSON.stringify(RESYNC))).toBeUndefined();
    expect(parseTaggedStreamEvent('{"collection":"issues","documents":[]}')).toBeUndefined();
    expect(parseTaggedStreamEvent('not json')).toBeUndefined();
  });

  it('reads back the collections of a stream query', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...REPLICATED_COLLECTIONS), { minLength: 1 }),
        (names) => {
          const query = new URLSearchParams(streamQuery(names));
          expect(parseStreamCollections(query.get('collections') ?? undefined)).toEqual({
            ok: true,
            collections: names,
          });
        },
      ),
    );
    expect(parseStreamCollections(undefined)).toEqual({
      ok: true,
      collections: [...REPLICATED_COLLECTIONS],
    });
    expect(parseStreamCollections('')).toMatchObject({ ok: false });
    expect(parseStreamCollections('issues,users')).toMatchObject({ ok: false });
  });
});
