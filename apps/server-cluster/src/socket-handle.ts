import type { Socket } from 'node:net';

/**
 * The libuv handle behind a socket, for passing sockets between processes
 * (the hand-off): what both the worker and the primary need of it.
 */
export type RawHandle = { reading?: boolean; readStop?: () => number; close?: () => void };

/** The libuv handle behind a socket (Node keeps it in `_handle`; sending a socket sets it to null). */
export function handleOf(socket: Socket): RawHandle | null | undefined {
  return (socket as unknown as { _handle?: RawHandle | null })._handle;
}

/**
 * A socket received over IPC starts reading in the receiving process at once
 * (Node wraps the handle in a flowing `net.Socket`). The primary only passes
 * it on: bytes it read would be dropped when the handle goes on (Node
 * replaces its read callback by a no-op), so it stops reading first, exactly
 * as Node's own `pauseOnCreate` does.
 */
export function stopReading(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle?.readStop) {
    handle.reading = false;
    handle.readStop();
  }
}

/**
 * Closes a socket that was not delivered. When a failed send had already
 * taken the handle off the socket, that handle is closed too: nothing else would.
 */
export function discard(socket: Socket, handle: RawHandle | null | undefined): void {
  if (handle && !handleOf(socket)) handle.close?.();
  socket.destroy();
}
