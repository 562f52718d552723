/**
 * The web edition's schema checks: every write to the app's collections is checked against
 * its JSON schema by z-schema (no code generation: the page's CSP forbids the eval ajv
 * would need), as RxDB's z-schema plugin does, with two differences that keep them off a
 * start's way:
 *
 * - z-schema is a file of its own, loaded (and its schema compiled) by the first write that
 *   needs it, or earlier by `loadValidation()`; a start that writes nothing (opening the
 *   database, reading the board) never waits on it. RxDB's plugin evaluates it with the page
 *   and compiles every collection's schema in the first idle moments, which at a start fall
 *   in the middle of opening the database.
 * - RxDB's own store of what the database holds (its internal store, written by RxDB on
 *   every open, never by the app or by sync) is not checked.
 */
import { getPrimaryFieldOfPrimaryKey, INTERNAL_STORAGE_NAME, type RxStorage } from 'rxdb';

type Validator = (document: unknown) => unknown[];
let validation: Promise<{ getValidator(schema: never): unknown }> | undefined;

/** Loads z-schema now, so that the first write does not wait for it. */
export function loadValidation(): Promise<void> {
  validation ??= import('rxdb/plugins/validate-z-schema');
  return validation.then(() => undefined);
}

// RxDB's own signatures use `any` for a storage's internals and options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazilyValidatedStorage(storage: RxStorage<any, any>): RxStorage<any, any> {
  const validators = new Map<string, Promise<Validator>>();
  function validatorFor(schema: unknown): Promise<Validator> {
    const key = JSON.stringify(schema);
    let validator = validators.get(key);
    if (!validator) {
      validation ??= import('rxdb/plugins/validate-z-schema');
      validator = validation.then((module) => module.getValidator(schema as never) as Validator);
      validators.set(key, validator);
    }
    return validator;
  }
  return {
    ...storage,
    name: `validate-z-schema-${storage.name}`,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (params.collectionName === INTERNAL_STORAGE_NAME) return instance;
      const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey);
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        const validate = await validatorFor(params.schema);
        const refused: Awaited<ReturnType<typeof write>>['error'] = [];
        const accepted = rows.filter((row) => {
          const validationErrors = validate(row.document);
          if (validationErrors.length === 0) return true;
          refused.push({
            status: 422,
            isError: true,
            documentId: String(row.document[primaryPath]),
            validationErrors: validationErrors as never,
            schema: instance.schema,
            writeRow: row,
            context,
          });
          return false;
        });
        const result = accepted.length > 0 ? await write(accepted, context) : { error: [] };
        result.error.push(...refused);
        return result;
      };
      return instance;
    },
  };
}
