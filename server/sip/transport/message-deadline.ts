/**
 * The completion time of one message (issue 15, defect 6): a peer that starts a WebSocket frame or a SIP message on
 * TCP and does not finish it within the bound loses its connection, so that half-sent messages are never held
 * for long. The clock starts at the first byte of an unfinished message and stops only when no message is under way:
 * a peer that trickles a byte at a time does not restart it.
 */
export class MessageDeadline {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly expired: () => void,
  ) {}

  /** Called after each chunk read: whether a message is still incomplete. */
  update(underWay: boolean): void {
    if (underWay) {
      if (this.#timer === null) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.expired();
        }, this.timeoutMs);
        this.#timer.unref();
      }
    } else this.stop();
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
