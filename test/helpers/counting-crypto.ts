/**
 * A Crypto of its own over the platform's WebCrypto that counts the SubtleCrypto calls by method name: for tests of
 * what an operation still has to compute (the core keeps some things per Crypto, such as prepared envelopes).
 */
export function countingCrypto(): { crypto: Crypto; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const subtle = new Proxy(globalThis.crypto.subtle, {
    get(target, name: string) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const crypto = { subtle, getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto), randomUUID: () => globalThis.crypto.randomUUID() } as unknown as Crypto;
  return { crypto, calls };
}
