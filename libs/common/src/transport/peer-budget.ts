/**
 * Bytes of log an hour one client machine may make a server write, at most
 * (docs/logs.md, "What one machine can make the log write"): 128 KiB a
 * second, about 0.47 GB an hour. A class of 30 behind one balancer address
 * (HAProxy) makes some 40 KB in all, far below the burst.
 */
export const PEER_LOG_BYTES_PER_SECOND = 128 * 1024;
/** What a machine may spend at once before the rate applies: a whole class's sessions at the same moment. */
export const PEER_LOG_BURST_BYTES = 4 * 1024 * 1024;
/** What a line of an event (CLIENT_CONNECTED, CLIENT_DISCONNECTED, ...) is counted, its `msg=` aside. */
export const EVENT_LOG_BYTES = 192;
/** Forgotten once this many machines are tracked: only those back at a full budget are, so nothing owed is forgiven. */
const TRACKED = 4096;

interface Account {
  /** Bytes it may still make the log write; below 0 it is over its budget. */
  tokens: number;
  at: number;
}

/**
 * A token bucket of log bytes per client address. A connection and its
 * requests are charged what they will make the log write; a machine over its
 * budget gets new connections refused and its requests delayed until the
 * budget refills, so every event of what is served is still logged in full.
 */
export class PeerLogBudget {
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly bytesPerSecond = PEER_LOG_BYTES_PER_SECOND,
    private readonly burstBytes = PEER_LOG_BURST_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `bytes` from `address`'s budget (it may go below 0: the next work waits for it). */
  charge(address: string, bytes: number): void {
    this.account(address).tokens -= bytes;
  }

  /** ms until `address` has `need` bytes left (by default: anything), so may be given more work; 0 = now. */
  waitMs(address: string, need = 1): number {
    const tokens = this.account(address).tokens;
    return tokens >= need ? 0 : Math.ceil(((need - tokens) * 1000) / this.bytesPerSecond);
  }

  private account(address: string): Account {
    const now = this.now();
    let account = this.accounts.get(address);
    if (account === undefined) {
      if (this.accounts.size >= TRACKED) this.forgetFull(now);
      account = { tokens: this.burstBytes, at: now };
      this.accounts.set(address, account);
    } else if (now > account.at) {
      account.tokens = Math.min(this.burstBytes, account.tokens + ((now - account.at) * this.bytesPerSecond) / 1000);
      account.at = now;
    }
    return account;
  }

  private forgetFull(now: number): void {
    for (const [address, account] of this.accounts) {
      if (account.tokens + ((now - account.at) * this.bytesPerSecond) / 1000 >= this.burstBytes) this.accounts.delete(address);
    }
  }
}

/** What a request will make the log write: MESSAGE_RECEIVED and MESSAGE_SENT, each with its text (cut at `msgCap`). */
export function requestLogBytes(line: string, msgCap: number): number {
  // 6 bytes a character at most, as written; the reply is about as long as the line plus the signature.
  return 2 * (EVENT_LOG_BYTES + Math.min(6 * line.length + 64, msgCap));
}

/**
 * Whether a peer's address is budgeted: every one but this machine's own
 * loopback addresses 127.0.0.1 and ::1 (the lab's clients, the benchmarks,
 * a teacher trying the server), and one that could not be read.
 */
export function budgeted(address: string | undefined): address is string {
  return address !== undefined && address !== '127.0.0.1' && address !== '::1' && address !== '::ffff:127.0.0.1';
}
