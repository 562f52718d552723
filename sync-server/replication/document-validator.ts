/**
 * Checks pushed rows before anything is written: the shape of each row, every new document
 * state against its collection's JSON schema from shared/schemas (ajv), and sizes. All
 * problems of a batch are collected, so a refusal names every bad row at once.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  getComposedPrimaryKeyOfDocumentData,
  getPrimaryFieldOfPrimaryKey,
  type RxJsonSchema,
} from 'rxdb';
import { COLLECTIONS } from '../../shared/schemas';
import type { ReplicatedCollection, SyncProblem } from '../../shared/sync/protocol';

/** A row as the server works with it: bodies without `_deleted`, the flag apart. */
export interface CheckedRow {
  id: string;
  body: Record<string, unknown>;
  deleted: boolean;
  /** Absent when the client believes the document is new. */
  assumed?: { body: Record<string, unknown>; deleted: boolean };
}

export type RowCheck =
  | { ok: true; rows: CheckedRow[] }
  /** `tooLarge`: some problem is a document over the size limit. */
  | { ok: false; tooLarge: boolean; problems: SyncProblem[] };

export interface DocumentValidator {
  check(collection: ReplicatedCollection, rows: unknown[]): RowCheck;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath || 'the document';
  if (error.keyword === 'additionalProperties') {
    return `${where} has a field the schema does not allow: ${String(error.params.additionalProperty)}.`;
  }
  return `${where} ${error.message ?? 'is invalid'}.`;
}

/** Splits `{ …fields, _deleted }` into the body and the flag; undefined when malformed. */
function splitState(state: unknown): { body: Record<string, unknown>; deleted: boolean } | string {
  if (!isPlainObject(state)) return 'must be an object';
  const { _deleted: deleted, ...body } = state;
  if (typeof deleted !== 'boolean') return 'needs _deleted (true or false)';
  return { body, deleted };
}

export function createDocumentValidator(options: { maxDocumentBytes: number }): DocumentValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (collection: ReplicatedCollection): ValidateFunction => {
    let validate = validators.get(collection);
    if (!validate) {
      validate = ajv.compile(COLLECTIONS[collection].schema as object);
      validators.set(collection, validate);
    }
    return validate;
  };

  return {
    check(collection, rows) {
      const schema = COLLECTIONS[collection].schema as RxJsonSchema<Record<string, unknown>>;
      const primaryKey = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
      const validate = validatorFor(collection);
      const problems: SyncProblem[] = [];
      const checked: CheckedRow[] = [];
      const seen = new Set<string>();
      let tooLarge = false;

      rows.forEach((row, index) => {
        const problem = (message: string, extra: Partial<SyncProblem> = {}) =>
          problems.push({ row: index, ...extra, message });
        if (!isPlainObject(row)) return problem('A push row must be an object.');
        const next = splitState(row.newDocumentState);
        if (typeof next === 'string') return problem(`newDocumentState ${next}.`);
        const id = next.body[primaryKey];
        if (typeof id !== 'string' || id === '') {
          return problem(`newDocumentState needs its primary key ${primaryKey} as a string.`);
        }
        const documentId = id;
        const size = Buffer.byteLength(JSON.stringify(row.newDocumentState), 'utf8');
        if (size > options.maxDocumentBytes) {
          tooLarge = true;
          return problem(
            `The document has ${size} bytes; at most ${options.maxDocumentBytes} are accepted.`,
            { documentId },
          );
        }
        if (seen.has(documentId))
          return problem('The batch holds this document twice.', { documentId });
        seen.add(documentId);
        if (JSON.stringify(next.body).includes('\\u0000')) {
          return problem('The document holds a NUL character, which cannot be stored.', {
            documentId,
          });
        }
        if (!validate(next.body)) {
          for (const error of validate.errors ?? []) {
            problem(describeAjvError(error), { documentId, path: error.instancePath });
          }
          return;
        }
        // A key composed of fields (a rule version's `id@version`) must be theirs.
        if (
          typeof schema.primaryKey !== 'string' &&
          getComposedPrimaryKeyOfDocumentData(schema, next.body) !== documentId
        ) {
          return problem(`${primaryKey} does not match the fields it is composed of.`, {
            documentId,
            path: `/${primaryKey}`,
          });
        }
        let assumed: CheckedRow['assumed'];
        if (row.assumedMasterState !== undefined && row.assumedMasterState !== null) {
          const state = splitState(row.assumedMasterState);
          if (typeof state === 'string')
            return problem(`assumedMasterState ${state}.`, { documentId });
          if (state.body[primaryKey] !== documentId) {
            return problem('assumedMasterState is of another document.', { documentId });
          }
          assumed = state;
        }
        checked.push({ id: documentId, ...next, ...(assumed ? { assumed } : {}) });
      });

      return problems.length > 0 ? { ok: false, tooLarge, problems } : { ok: true, rows: checked };
    },
  };
}
