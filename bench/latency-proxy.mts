/**
 * A TCP proxy that delays every chunk by half the round-trip time in each
 * direction, so a request/response pair costs the injected RTT. Latency is
 * simulated on the wire, never by sleeping in the code under test.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  port: number;
  close(): Promise<void>;
}

function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  // Timers of equal duration fire in creation order, so chunk order is kept.
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
}

export async function startLatencyProxy(targetPort: number, roundTripMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    delayedPipe(client, upstream, roundTripMs / 2);
    delayedPipe(upstream, client, roundTripMs / 2);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
