import type { Socket } from 'node:net';
import type { Api, BrokerContext } from './apis/index.js';
import { Connection, type ConnectionLimits } from './connection.js';

/**
 * Open connections, the request bytes they hold (reserved in the queued.max.request.bytes pool) and the
 * answer bytes waiting for clients to read them.
 */
export interface BrokerStats {
  connections: number;
  queuedRequestBytes: number;
  unsentResponseBytes: number;
}

/** The broker's open connections: each accepted socket becomes a Connection until it closes. */
export class ConnectionSet {
  private readonly open = new Map<Socket, Connection>();

  constructor(
    private readonly apis: Map<number, Api>,
    private readonly broker: BrokerContext,
    private readonly limits: ConnectionLimits,
  ) {}

  accept(socket: Socket): void {
    this.open.set(socket, new Connection(socket, this.apis, this.broker, this.limits));
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
