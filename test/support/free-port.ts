// An unused TCP port on loopback, so parallel test runs never collide.
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on `port` of loopback right now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * An unused port in [min, max] (picked at random and tried), for servers that cannot take ephemeral ports;
 * `alsoFree` names ports that must be free with it (a server's layout around its first port).
 */
export async function freePortBetween(
  min: number,
  max: number,
  alsoFree: (port: number) => number[] = () => [],
): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    let ok = true;
    for (const p of [port, ...alsoFree(port)]) ok = ok && (await isFree(p));
    if (ok) return port;
  }
  throw new Error(`no free port between ${min} and ${max} after 200 tries`);
}
