/**
 * Reading a dotted path (`customFields.line`) from a document, own properties only: a reader
 * of one path, split once, for matchers and comparators that read it from many documents.
 */
export function pathReader(path: string): (document: unknown) => unknown {
  const segments = path.split('.');
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (document) => readOwn(document, key);
  }
  return (document) => readSegments(document, segments);
}

function readOwn(current: unknown, key: string): unknown {
  if (typeof current !== 'object' || current === null) return undefined;
  if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
  return (current as Record<string, unknown>)[key];
}

function readSegments(document: unknown, segments: readonly string[]): unknown {
  let current: unknown = document;
  for (let i = 0; i < segments.length; i++) {
    current = readOwn(current, segments[i] as string);
    if (current === undefined) return undefined;
  }
  return current;
}
