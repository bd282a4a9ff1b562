/**
 * A stateful proxy's response context (RFC 3261 section 16.7): the branches of one forwarded request, the best
 * final response so far, and the rules that pick what goes back upstream: provisionals and every 2xx at once; a
 * 2xx or 6xx cancels the other INVITE branches (16.7 step 10); otherwise the best final once all branches are done
 * (16.7 step 6: lowest class wins, 6xx over all, 503 becomes 500, 401/407 challenges are merged).
 */
import type { SipResponse } from '../../../src/core/sip/index.ts';

export class ResponseContext {
  #pending: number;
  #best: SipResponse | null = null;
  #bestFinalSent = false;
  #challenges: [string, string][] = [];

  constructor(
    branches: number,
    private readonly forward: (response: SipResponse) => void,
    /** Cancels the branches still pending; `answered` when a 2xx won (their CANCELs then say so, RFC 3326). */
    private readonly cancelOthers: (why: 'answered' | 'declined') => void,
  ) {
    this.#pending = branches;
  }

  get done(): boolean {
    return this.#bestFinalSent;
  }

  /** A response arrived on one branch; `final` marks the branch's last. */
  receive(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      if (status !== 100 && !this.#bestFinalSent) this.forward(withoutTopVia(response));
      return;
    }
    this.#pending--;
    if (status < 300) {
      this.#bestFinalSent = true;
      this.forward(withoutTopVia(response));
      this.cancelOthers('answered');
      return;
    }
    if (status === 401 || status === 407) {
      for (const name of ['WWW-Authenticate', 'Proxy-Authenticate']) for (const v of response.headers.getAll(name)) this.#challenges.push([name, v]);
    }
    if (status >= 600) this.cancelOthers('declined');
    if (this.#best === null || rank(status) < rank(this.#best.status)) this.#best = response;
    if (this.#pending === 0 && !this.#bestFinalSent && this.#best) {
      this.#bestFinalSent = true;
      this.forward(this.#finalize(this.#best));
    }
  }

  #finalize(best: SipResponse): SipResponse {
    const response = withoutTopVia(best);
    if (response.status === 503) return { ...response, status: 500, reason: 'Server Internal Error' };
    if ((response.status === 401 || response.status === 407) && this.#challenges.length > 0) {
      response.headers.delete('WWW-Authenticate').delete('Proxy-Authenticate');
      for (const [name, value] of this.#challenges) response.headers.append(name, value);
    }
    return response;
  }
}

/** RFC 3261 section 16.7 step 6: 6xx first, then the lowest class; 408 (our own timeout) last within 4xx. */
function rank(status: number): number {
  if (status >= 600) return 0;
  if (status === 408) return 4_999;
  if (status === 503) return 5_999;
  return status;
}

/** The response as we send it upstream: our own Via removed (RFC 3261 section 16.7 step 3). */
export function withoutTopVia(response: SipResponse): SipResponse {
  const headers = response.headers.clone();
  headers.removeFirstValue('Via');
  return { ...response, headers };
}
