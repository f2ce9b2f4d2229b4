import type { IFilterInfo, IStorageProvider } from "matrix-bot-sdk";
import type { AdapterStateStore } from "../../src/core/port.js";

const SYNC_TOKEN = "sync_token";
const FILTER = "sync_filter";
const VALUE_PREFIX = "sdk_kv:";

/**
 * matrix-bot-sdk's storage on top of the core's encrypted adapter state: the sync token, the sync
 * filter and any value the SDK keeps live in Porchlight's database, never in loose files.
 * `namespace` keeps one account's keys apart from another's (the bot's user id).
 */
export class HostStateStorageProvider implements IStorageProvider {
  constructor(
    private readonly state: AdapterStateStore,
    private readonly namespace: string,
  ) {}

  private key(name: string): string {
    return `${this.namespace}:${name}`;
  }

  setSyncToken(token: string | null): void {
    if (token === null) this.state.delete(this.key(SYNC_TOKEN));
    else this.state.set(this.key(SYNC_TOKEN), token);
  }

  getSyncToken(): string | null {
    return this.state.get(this.key(SYNC_TOKEN)) ?? null;
  }

  setFilter(filter: IFilterInfo): void {
    this.state.set(this.key(FILTER), JSON.stringify(filter));
  }

  getFilter(): IFilterInfo {
    const raw = this.state.get(this.key(FILTER));
    return (raw ? JSON.parse(raw) : null) as IFilterInfo;
  }

  storeValue(key: string, value: string): void {
    this.state.set(this.key(VALUE_PREFIX + key), value);
  }

  readValue(key: string): string | null | undefined {
    return this.state.get(this.key(VALUE_PREFIX + key));
  }
}
