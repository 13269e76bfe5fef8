/**
 * The objects in the output of `git cat-file --batch`, in the order they were asked for: each
 * object's bytes, or `null` when git reports it missing. Every record is `<oid> <type> <size>\n`,
 * the bytes, then `\n`; a missing one is `<name> missing\n`.
 */
export function catFileBatchObjects(out: Buffer, count: number): (Buffer | null)[] {
  const objects: (Buffer | null)[] = [];
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString('utf8');
    if (header.endsWith(' missing')) {
      objects.push(null);
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    objects.push(out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return objects;
}
