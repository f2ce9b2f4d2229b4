import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** What the bot needs to know of the fakes to reach them. */
export interface WorldFacts {
  telegram: { token: string; apiRoot: string };
  discord: { token: string; applicationId: string; apiBase: string };
  matrix: { url: string };
  configPath: string;
  dbPath: string;
  telegramChats: number[];
  discordChannels: string[];
  matrixRooms: string[];
  vicId: number;
}

/** Members with a private chat with the bot open, by platform user id. */
export interface Members {
  telegram: string[];
  discord: string[];
  matrix: string[];
}

/** Requests to the fake host (bench/fake-host.ts). */
export type HostRequest =
  | { op: "start"; dir: string; chats: number; latencyMs: number; matrixBurst: number; matrixRate: number }
  | { op: "watch"; mark: string }
  | { op: "wait"; n: number; timeoutMs: number }
  | { op: "confirm"; chatIndex: number; text: string }
  | { op: "members"; perPlatform: number }
  | { op: "ask"; chatIndex: number; text: string }
  | { op: "report"; chat?: string }
  | { op: "close" };

export type HostReply = { id: number; value?: unknown; error?: string };

/** The fakes' account of a run. */
export interface HostReport {
  delivered: number;
  duplicated: number;
  refused: number;
  /** First arrival of the watched message per chat, wall-clock ms (`performance.timeOrigin` based). */
  first: [string, number][];
  /** Copies of the watched message that arrived in a chat that had it already. */
  repeats: number;
  texts: string[];
}

/** The fakes of `fanoutWorld`, running in a child process, driven by messages. */
export class RemoteWorld {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (m: HostReply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.value);
    });
  }

  static async start(opts: Omit<Extract<HostRequest, { op: "start" }>, "op">): Promise<{ remote: RemoteWorld; facts: WorldFacts }> {
    const script = fileURLToPath(new URL("./fake-host.ts", import.meta.url));
    const child = fork(script, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const remote = new RemoteWorld(child);
    const facts = (await remote.ask({ op: "start", ...opts })) as WorldFacts;
    return { remote, facts };
  }

  ask(req: HostRequest): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...req, id });
    });
  }

  report(chat?: string): Promise<HostReport> {
    return this.ask({ op: "report", ...(chat ? { chat } : {}) }) as Promise<HostReport>;
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once("exit", r));
    await this.ask({ op: "close" }).catch(() => undefined);
    await exited;
  }
}
