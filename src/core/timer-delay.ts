/**
 * setTimeout's delay is a signed 32-bit count of milliseconds (HTML "timer initialisation steps", Node's
 * TIMEOUT_MAX): a longer one, such as a refresh half a year ahead, is taken as 0 or 1 and fires at once. A timer that
 * re-arms itself for the same far time would then spin. Delays are clamped here instead; a timer that fires early
 * finds its time not yet come and arms again for the rest.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** `ms` as a delay setTimeout honours: 0 to MAX_TIMER_DELAY_MS (NaN is 0). */
export function timerDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS);
}
