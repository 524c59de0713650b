import type { Socket } from 'node:net';
import type { Api, BrokerContext } from './apis/index.js';
import { Connection, type ConnectionLimits } from './connection.js';
import { SaslAuthenticator } from './sasl/authenticator.js';
import type { SaslUserStore } from './sasl/user-store.js';

/**
 * Open connections, the request bytes they hold (reserved in the queued.max.request.bytes pool) and the
 * answer bytes waiting for clients to read them.
 */
export interface BrokerStats {
  connections: number;
  queuedRequestBytes: number;
  unsentResponseBytes: number;
}

/** A listener's view of the broker: its own address in answers, and its users when it is a SASL listener. */
export interface Listener {
  context: BrokerContext;
  sasl?: SaslUserStore;
}

/** The broker's open connections, on every listener: each accepted socket becomes a Connection until it closes. */
export class ConnectionSet {
  private readonly open = new Map<Socket, Connection>();

  constructor(
    private readonly apis: Map<number, Api>,
    private readonly limits: ConnectionLimits,
  ) {}

  accept(socket: Socket, listener: Listener): void {
    const sasl = listener.sasl && new SaslAuthenticator(listener.sasl, listener.context.log);
    this.open.set(socket, new Connection(socket, this.apis, listener.context, this.limits, sasl));
    socket.on('close', () => this.open.delete(socket));
  }

  stats(): BrokerStats {
    let unsentResponseBytes = 0;
    for (const socket of this.open.keys()) unsentResponseBytes += socket.writableLength;
    return { connections: this.open.size, queuedRequestBytes: this.limits.pool.usedBytes, unsentResponseBytes };
  }

  closeAll(): void {
    for (const [socket, connection] of this.open) {
      connection.close();
      socket.destroy();
    }
  }
}
