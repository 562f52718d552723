/** 'clone' as rxdb/plugins/test-utils uses it: a deep copy of plain JSON data. */
export default function clone(value) {
  return structuredClone(value);
}
