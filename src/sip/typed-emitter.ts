/** Typed events whose listener exceptions are caught and logged, never propagated (docs/style.md, mediasoup-client). */
import type { SipLogger } from './sip-logger.ts';

export class TypedEmitter<E extends { [K in keyof E]: unknown[] }> {
  readonly #listeners = new Map<keyof E, Set<(...args: never[]) => void>>();
  constructor(private readonly log: SipLogger) {}

  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    const stored = listener as unknown as (...args: never[]) => void;
    set.add(stored);
    return () => void set.delete(stored);
  }

  emit<K extends keyof E & string>(event: K, ...args: E[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as unknown as (...a: E[K]) => void)(...args);
      } catch (error) {
        this.log.error(`a '${event}' listener threw`, error);
      }
    }
  }
}
