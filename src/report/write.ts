/** The report's one way to write a file: whole or not at all. */
import fs from 'node:fs';

/** Write via a temp file and a rename, so a reader sees the old or the new file, never half of one. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true }); // a full disk must not leave the temp file behind
    throw e;
  }
}
