// Writing a download to the response at the client's pace: a writer waits for 'drain' when the
// socket's buffer is full, and stops when the client goes away, instead of buffering the file.
import type { Writable } from 'node:stream';

/** Resolves at once, or when a full `out` has drained; rejects if the client goes away meanwhile. */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new Error('the client went away');
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', drain);
      out.off('close', gone);
      out.off('error', gone);
      if (err) reject(err);
      else resolve();
    };
    const drain = () => settle();
    const gone = () => settle(new Error('the client went away'));
    out.once('drain', drain);
    out.once('close', gone);
    out.once('error', gone);
  });
}

/** Writes a chunk, then waits while the socket's buffer is full. */
export async function writeWithBackpressure(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new Error('the client went away');
  out.write(chunk);
  await drained(out);
}
