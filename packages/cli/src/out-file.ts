import { writeFile } from 'node:fs/promises';

/**
 * Writes a command's `--out` file. A write that fails part-way (a full disk, a quota) comes from
 * Node without the path it was writing, which is the one thing the user needs to know: it is
 * added, so the error is reported as the machine's (`FF_DISK_FULL` naming the file), not as a bug.
 */
export async function writeOutFile(path: string, text: string, mode?: number): Promise<void> {
  try {
    await writeFile(path, text, mode === undefined ? {} : { mode });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    failure.path ??= path;
    throw failure;
  }
}
