/**
 * What a graceful shutdown needs beyond Fastify's own. Streams never end by themselves; a
 * connection whose response finishes after the server stopped listening waits in keep-alive
 * until its timeout; and a connection that has not sent a request yet (a client's pool opens
 * them ahead) is not idle to Node, so `server.close()` waits for it too. So once closing
 * begins: no new stream is admitted, every open one is ended, every answer carries
 * `Connection: close`, and every connection is closed as soon as it has no answer in progress.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EventStream } from '../replication/event-stream';

export class Shutdown {
  private closing = false;
  private readonly streams = new Set<EventStream>();
  /** Every open connection, with the number of its answers in progress. */
  private readonly connections = new Map<Socket, number>();
  private sweep: ReturnType<typeof setImmediate> | undefined;

  /** `tls`: the server speaks https, whose requests arrive on the TLS sockets. */
  constructor(server: EventEmitter, tls: boolean) {
    server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      if (this.closing) {
        // Whatever it would ask is refused now; the client tries again elsewhere or later.
        socket.destroy();
        return;
      }
      this.connections.set(socket, 0);
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      this.connections.set(socket, (this.connections.get(socket) ?? 0) + 1);
      response.once('close', () => {
        if (this.connections.has(socket)) {
          this.connections.set(socket, Math.max(0, (this.connections.get(socket) ?? 1) - 1));
        }
        this.sweepSoon();
      });
    });
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /**
   * Keeps an open stream, to be ended on shutdown. Callers check {@link isClosing} first,
   * in the same synchronous step; a stream tracked after closing began is ended at once.
   */
  track(stream: EventStream): void {
    if (this.closing) {
      stream.close();
      return;
    }
    this.streams.add(stream);
    stream.onClose(() => this.streams.delete(stream));
  }

  /** Starts closing: ends every stream and closes every connection with nothing to answer. */
  begin(): void {
    this.closing = true;
    for (const stream of [...this.streams]) stream.close();
    this.sweepSoon();
  }

  private sweepSoon(): void {
    if (!this.closing || this.sweep !== undefined) return;
    // Once the current events are through: an answer that just ended has let go of its socket.
    this.sweep = setImmediate(() => {
      this.sweep = undefined;
      for (const [socket, answering] of this.connections) {
        if (answering === 0) socket.destroy();
      }
    });
  }
}
