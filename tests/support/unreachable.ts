/**
 * Platforms that are down, as an operator meets them: a port where nothing listens (connection
 * refused) and a server that accepts connections and never answers (a hung proxy or homeserver).
 */
import { type Server, type Socket, createServer } from "node:net";

/** A port on 127.0.0.1 where nothing listens: bound once to learn a free port, then closed. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts every connection and never sends a byte. */
export interface SilentServer {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Resolves at the first accepted connection: the bot has begun trying. */
  connected: Promise<void>;
  close(): Promise<void>;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let onFirst!: () => void;
  const connected = new Promise<void>((resolve) => {
    onFirst = resolve;
  });
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => {});
    // Read and drop what comes, so a client's hang-up is seen and the socket closes.
    socket.resume();
    socket.on("close", () => sockets.delete(socket));
    onFirst();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => accepted,
    connected,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
