import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_CATEGORIES, type Issue } from '../domain';
import {
  ISSUE_BOOKKEEPING,
  LOCATION_MERGE,
  WORKFLOW_MERGE,
  mergeIssue,
  mergeLocation,
  mergeWorkflow,
  sameContent,
  sameValue,
  type FieldwiseSpec,
  type LosingValue,
  type MergeResult,
} from './merge';
import {
  CTX,
  issueArb,
  issueEditArb,
  issueErrors,
  issueTripleArb,
  locationArb,
  locationEditArb,
  locationErrors,
  workflowArb,
  workflowEditArb,
  workflowErrors,
} from './merge.test-util';

const RUNS = { numRuns: 400 };

type Doc = Record<string, unknown>;

/** Top-level content fields plus `customFields.<key>` for each custom key. */
function flatten(issue: Issue): Doc {
  const flat: Doc = {};
  for (const [field, value] of Object.entries(issue)) {
    if (field === 'customFields' || ISSUE_BOOKKEEPING.includes(field)) continue;
    flat[field] = value;
  }
  for (const [key, value] of Object.entries(issue.customFields)) {
    flat[`customFields.${key}`] = value;
  }
  return flat;
}

function eventValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/**
 * What the losing values must be, computed independently of the merge: every value a side
 * changed (relative to the base; every value when there is none) that the result lacks.
 */
function expectedLosses(base: Doc | undefined, local: Doc, remote: Doc, merged: Doc) {
  const fields = new Set([...Object.keys(local), ...Object.keys(remote), ...Object.keys(merged)]);
  const expected: Omit<LosingValue, 'rule'>[] = [];
  for (const field of [...fields].sort()) {
    for (const [side, doc] of [
      ['local', local],
      ['remote', remote],
    ] as const) {
      const changed = base === undefined || !sameValue(doc[field], base[field]);
      if (changed && !sameValue(doc[field], merged[field])) {
        expected.push({
          field,
          side,
          lost: eventValue(doc[field]) as LosingValue['lost'],
          kept: eventValue(merged[field]) as LosingValue['kept'],
        });
      }
    }
  }
  return expected;
}

function withoutRules(losing: LosingValue[]) {
  return losing
    .map(({ field, side, lost, kept }) => ({ field, side, lost, kept }))
    .sort((a, b) => `${a.field}:${a.side}`.localeCompare(`${b.field}:${b.side}`));
}

const statusContested = (base: Issue | undefined, l: Issue, r: Issue) =>
  l.status !== r.status &&
  (base === undefined || (l.status !== base.status && r.status !== base.status));

describe('mergeIssue properties', () => {
  it('is deterministic and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local, remote]) => {
        const before = JSON.stringify([base, local, remote]);
        const first = mergeIssue(base, local, remote, CTX);
        expect(JSON.stringify([base, local, remote])).toBe(before);
        expect(mergeIssue(base, local, remote, CTX)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('merge(base, x, x) = x', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, x]) => {
        const result = mergeIssue(base, x, x, CTX);
        expect(result.merged).toEqual(x);
        expect(result.keptRemote).toBe(true);
        expect(result.losing).toEqual([]);
      }),
      RUNS,
    );
  });

  it('merge(base, base, r) = r', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, , remote]) => {
        const result = mergeIssue(base, base, remote, CTX);
        expect(result.merged).toEqual(remote);
        expect(result.losing).toEqual([]);
      }),
      RUNS,
    );
  });

  it('merge(base, l, base) = l, as a new revision above both', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local]) => {
        const result = mergeIssue(base, local, base, CTX);
        expect(sameContent(result.merged, local, ISSUE_BOOKKEEPING)).toBe(true);
        expect(result.losing).toEqual([]);
        if (!result.keptRemote) {
          expect(result.merged.version).toBe(Math.max(local.version, base.version) + 1);
          expect(result.merged.updatedBy).toBe(local.updatedBy);
        }
      }),
      RUNS,
    );
  });

  it('keeps every field changed on one side only (resolvedAt follows a contested status)', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local, remote]) => {
        const merged = flatten(mergeIssue(base, local, remote, CTX).merged);
        const [b, l, r] = [flatten(base), flatten(local), flatten(remote)];
        const contested = statusContested(base, local, remote);
        for (const field of new Set([...Object.keys(l), ...Object.keys(r), ...Object.keys(b)])) {
          if (field === 'resolvedAt' && contested) continue;
          const localOnly = !sameValue(l[field], b[field]) && sameValue(r[field], b[field]);
          const remoteOnly = !sameValue(r[field], b[field]) && sameValue(l[field], b[field]);
          if (localOnly) expect(merged[field], field).toEqual(l[field]);
          if (remoteOnly) expect(merged[field], field).toEqual(r[field]);
        }
      }),
      RUNS,
    );
  });

  it('reports exactly the values lost from either side, with or without a base', () => {
    const withOrWithoutBase = fc.tuple(issueTripleArb, fc.boolean());
    fc.assert(
      fc.property(withOrWithoutBase, ([[base, local, remote], known]) => {
        const from = known ? base : undefined;
        const result = mergeIssue(from, local, remote, CTX);
        const expected = expectedLosses(
          from && flatten(from),
          flatten(local),
          flatten(remote),
          flatten(result.merged),
        );
        expect(withoutRules(result.losing)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('always yields an issue valid against the schema', () => {
    const anyBase = fc.tuple(issueTripleArb, fc.option(issueArb, { nil: undefined }));
    fc.assert(
      fc.property(anyBase, ([[base, local, remote], unrelated]) => {
        for (const from of [base, undefined, unrelated]) {
          expect(issueErrors(mergeIssue(from, local, remote, CTX).merged)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('a new revision is numbered above both sides; otherwise the master is kept whole', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local, remote]) => {
        const result = mergeIssue(base, local, remote, CTX);
        if (result.keptRemote) expect(result.merged).toEqual(remote);
        else expect(result.merged.version).toBe(Math.max(local.version, remote.version) + 1);
        expect(result.merged.id).toBe(remote.id);
      }),
      RUNS,
    );
  });

  it('is commutative where the rules are symmetric', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, a, b]) => {
        const ab = mergeIssue(base, a, b, CTX).merged;
        const ba = mergeIssue(base, b, a, CTX).merged;
        for (const field of ['priority', 'severity', 'acknowledgedAt'] as const) {
          expect(ab[field], field).toEqual(ba[field]);
        }
        const [ca, cb] = [CTX.categoryOf(a.status), CTX.categoryOf(b.status)];
        if (!statusContested(base, a, b) || (ca && cb && ca !== cb)) {
          expect(ab.status).toBe(ba.status);
        }
      }),
      RUNS,
    );
  });

  it('a contested status ends in the later category of the two', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local, remote]) => {
        const merged = mergeIssue(base, local, remote, CTX).merged;
        const categories = [local.status, remote.status].map((s) => CTX.categoryOf(s));
        if (!statusContested(base, local, remote) || categories.includes(undefined)) return;
        const rank = (s: string) => STATUS_CATEGORIES.indexOf(CTX.categoryOf(s)!);
        expect(rank(merged.status)).toBe(Math.max(rank(local.status), rank(remote.status)));
        if (CTX.categoryOf(merged.status) !== 'done') expect(merged.resolvedAt).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('converges: pushing the merge against the master it was made with changes nothing', () => {
    fc.assert(
      fc.property(issueTripleArb, ([base, local, remote]) => {
        const { merged } = mergeIssue(base, local, remote, CTX);
        const again = mergeIssue(remote, merged, remote, CTX);
        expect(sameContent(again.merged, merged, ISSUE_BOOKKEEPING)).toBe(true);
        expect(again.losing).toEqual([]);
      }),
      RUNS,
    );
  });

  it('a side edited from an unrelated issue still merges into a valid issue', () => {
    const pair = fc
      .tuple(issueArb, issueArb)
      .chain(([a, b]) => fc.tuple(fc.constant(a), issueEditArb(a), issueEditArb(b)));
    fc.assert(
      fc.property(pair, ([base, local, remote]) => {
        expect(issueErrors(mergeIssue(base, local, remote, CTX).merged)).toEqual([]);
      }),
      RUNS,
    );
  });
});

function fieldwiseProperties<T extends object>(
  name: string,
  arb: fc.Arbitrary<T>,
  editArb: (base: T) => fc.Arbitrary<T>,
  merge: (base: T | undefined, local: T, remote: T) => MergeResult<T>,
  spec: FieldwiseSpec,
  errors: (doc: T) => unknown[],
) {
  const triple = arb.chain((base) => fc.tuple(fc.constant(base), editArb(base), editArb(base)));
  const skip = [spec.key, ...spec.bookkeeping];
  const content = (doc: T): Doc =>
    Object.fromEntries(Object.entries(doc).filter(([field]) => !skip.includes(field)));

  describe(`${name} properties`, () => {
    it('satisfies merge(b, x, x) = x, merge(b, b, r) = r and merge(b, l, b) = l', () => {
      fc.assert(
        fc.property(triple, ([base, local, remote]) => {
          expect(merge(base, local, local).merged).toEqual(local);
          expect(merge(base, base, remote).merged).toEqual(remote);
          const l = merge(base, local, base);
          expect(sameContent(l.merged, local, skip)).toBe(true);
          expect([...l.losing, ...merge(base, base, remote).losing]).toEqual([]);
        }),
        RUNS,
      );
    });

    it('keeps a unit changed on one side only, and reports exactly what was lost', () => {
      fc.assert(
        fc.property(triple, fc.boolean(), ([base, local, remote], known) => {
          const from = known ? base : undefined;
          const result = merge(from, local, remote);
          const b = content(base);
          const l = content(local);
          const r = content(remote);
          const m = content(result.merged);
          const units = [
            ...spec.units,
            ...Object.keys({ ...l, ...r, ...b })
              .filter((f) => !spec.units.some((u) => u.includes(f)))
              .map((f) => [f]),
          ];
          for (const unit of units) {
            const changed = (d: Doc) => unit.some((f) => !sameValue(d[f], b[f]));
            if (known && changed(l) !== changed(r)) {
              const winner = changed(l) ? l : r;
              for (const f of unit) expect(m[f], f).toEqual(winner[f]);
            }
          }
          const expected = expectedLosses(from && content(from), l, r, m);
          expect(withoutRules(result.losing)).toEqual(expected);
          expect(errors(result.merged)).toEqual([]);
        }),
        RUNS,
      );
    });

    it('is deterministic', () => {
      fc.assert(
        fc.property(triple, ([base, local, remote]) => {
          expect(merge(base, local, remote)).toEqual(merge(base, local, remote));
        }),
        RUNS,
      );
    });
  });
}

fieldwiseProperties(
  'mergeWorkflow',
  workflowArb,
  workflowEditArb,
  mergeWorkflow,
  WORKFLOW_MERGE,
  workflowErrors,
);
fieldwiseProperties(
  'mergeLocation',
  locationArb,
  locationEditArb,
  mergeLocation,
  LOCATION_MERGE,
  locationErrors,
);
