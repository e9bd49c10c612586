// In which order the embedded database's thread (pglite-thread.ts) serves the connections waiting
// for its one session: the API's before background work's, so an analyst's query waits for at most
// the background statement under way, never for a queue of them.
import { backgroundApplicationName } from './embedded-server.ts';

/** A startup message naming this application is a background connection's (the job worker thread's). */
const backgroundStartup = new TextEncoder().encode(`application_name\0${backgroundApplicationName}\0`);
/** Protocol version 3.0, as a startup message carries it after its length. */
const protocolVersion3 = 196608;

/** Whether a protocol message is the startup message of a background connection. */
export function isBackgroundStartup(message: Uint8Array): boolean {
  // A startup message is short: its length, the protocol version, then name and value pairs.
  if (message.length < 8 + backgroundStartup.length || message.length > 1024) return false;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(0) !== message.length || view.getInt32(4) !== protocolVersion3) return false;
  for (let start = 8; start + backgroundStartup.length <= message.length; start += 1) {
    let found = true;
    for (let i = 0; i < backgroundStartup.length && found; i += 1) found = message[start + i] === backgroundStartup[i];
    if (found) return true;
  }
  return false;
}

/** When the session is free: the first waiting message of a foreground connection, else the first of all. */
export function nextToServe(waiting: readonly { handlerId: number }[], background: ReadonlySet<number>): number {
  const foreground = waiting.findIndex((item) => !background.has(item.handlerId));
  return foreground === -1 ? 0 : foreground;
}
