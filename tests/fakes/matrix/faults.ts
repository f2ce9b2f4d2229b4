/**
 * Faults a test can inject into the fake homeserver's HTTP answers. Each rule matches requests by
 * method and a path fragment and fires a given number of times, oldest rule first.
 */

/** What happens to a matched request. */
export type FaultKind =
  /** Answer with this status and Matrix error body, without acting. */
  | { kind: "status"; status: number; errcode: string; error?: string; retryAfterMs?: number }
  /** Wait, then handle the request normally. */
  | { kind: "delay"; ms: number }
  /** Cut the connection before acting: the request never took effect. */
  | { kind: "drop" }
  /** Act on the request, then cut the connection without answering: the client cannot know it worked. */
  | { kind: "dropAfterApply" }
  /** Act on the request and never answer (until the server closes): a client timeout. */
  | { kind: "hangAfterApply" };

export interface FaultMatch {
  method?: string;
  /** A fragment of the decoded request path, e.g. `/send/` or `/sync`. */
  path?: string;
}

interface FaultRule {
  match: FaultMatch;
  fault: FaultKind;
  remaining: number;
}

/** The queue of armed faults. */
export class FaultPlan {
  private rules: FaultRule[] = [];

  /** Arm `fault` for the next `times` requests matching `match`. */
  add(match: FaultMatch, fault: FaultKind, times = 1): void {
    this.rules.push({ match, fault, remaining: times });
  }

  /** The fault for this request, if one is armed (and count it as used). */
  take(method: string, path: string): FaultKind | undefined {
    const rule = this.rules.find(
      (r) => (!r.match.method || r.match.method === method) && (!r.match.path || path.includes(r.match.path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }
}
