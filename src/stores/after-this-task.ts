/**
 * A promise that resolves in a task of its own, once the current task and its microtasks are over. A click that
 * sends a message starts the request (and, with the crypto core loaded, its whole encryption: WebCrypto answers in
 * microtasks) in its own task; work deferred with this, such as re-rendering the page, then cannot hold it back.
 *
 * A MessageChannel, not setTimeout: timers in hidden tabs are throttled to a second or more.
 */
export function afterThisTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
