/**
 * Connections open at once per source address (issue 15, defect 6): a count per address, taken when a connection
 * is accepted and given back when it closes, in the manner of Kamailio's per-IP TCP connection limit.
 */
import { isLoopback } from './connection.ts';
import type { TransportLimits } from './limits.ts';

export class AddressCap {
  readonly #open = new Map<string, number>();

  constructor(private readonly limits: Pick<TransportLimits, 'maxConnectionsPerAddress' | 'capLoopback'>) {}

  /** Takes a place for a connection from `address`; false when that address has no place left. */
  admit(address: string): boolean {
    if (!this.limits.capLoopback && isLoopback(address)) return true;
    const open = this.#open.get(address) ?? 0;
    if (open >= this.limits.maxConnectionsPerAddress) return false;
    this.#open.set(address, open + 1);
    return true;
  }

  /** Gives back the place of a connection admitted from `address`. */
  release(address: string): void {
    if (!this.limits.capLoopback && isLoopback(address)) return;
    const open = (this.#open.get(address) ?? 0) - 1;
    if (open > 0) this.#open.set(address, open);
    else this.#open.delete(address);
  }

  /** Connections counted for `address` now. */
  count(address: string): number {
    return this.#open.get(address) ?? 0;
  }
}
