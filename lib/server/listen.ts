// Starting and stopping a server: listen as a promise, the URL to print, and a graceful close
// that lets requests in flight finish (within a deadline) while idle keep-alive connections,
// which would otherwise hold the process open, are closed at once.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** `http://HOST:PORT` for a bound address (IPv6 hosts in brackets). */
export function serverUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Stops accepting, waits for answers in flight; after `deadlineMs` drops what is left. */
export function closeGracefully(server: Server, deadlineMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections?.(), deadlineMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      // createServer's gateway stores (ledger, budgets) close after the last answer was written.
      const closeGateway = (server as unknown as Record<symbol, (() => Promise<void>) | undefined>)[Symbol.for('tokenmeter.closeGateway')];
      Promise.resolve(closeGateway?.()).then(() => resolve());
    });
    server.closeIdleConnections?.();
  });
}
