/**
 * Test-side instrumentation (not app hooks), installed with `page.addInitScript` before the app loads, like
 * `trackPeerConnections`: what the page played through Web Audio and which system notifications it made. Each
 * function runs in the page, so it is self-contained (no imports, no outer variables).
 */

export interface OscillatorRecord {
  /** Hz, read when the oscillator started. */
  frequency: number;
  started: boolean;
  stopped: boolean;
}

export interface NotificationRecord {
  title: string;
  body: string;
  tag: string;
}

/** Wraps `AudioContext.prototype.createOscillator`: each oscillator's frequency, start and stop in `window.__e2eOscillators`. */
export function recordOscillators(): void {
  const w = window as unknown as { __e2eOscillators?: OscillatorRecord[] };
  if (w.__e2eOscillators) return;
  const records: OscillatorRecord[] = [];
  w.__e2eOscillators = records;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    const osc = original.call(this);
    const record: OscillatorRecord = { frequency: Number.NaN, started: false, stopped: false };
    records.push(record);
    const start = osc.start.bind(osc);
    const stop = osc.stop.bind(osc);
    osc.start = (when?: number) => {
      record.frequency = osc.frequency.value;
      record.started = true;
      start(when);
    };
    osc.stop = (when?: number) => {
      record.stopped = true;
      stop(when);
    };
    return osc;
  };
}

/** Wraps `window.Notification` (the real one still runs): each notification's title, body and tag in `window.__e2eNotifications`. */
export function recordNotifications(): void {
  const w = window as unknown as { __e2eNotifications?: NotificationRecord[]; Notification?: typeof Notification };
  if (w.__e2eNotifications || !w.Notification) return;
  const records: NotificationRecord[] = [];
  w.__e2eNotifications = records;
  const Original = w.Notification;
  w.Notification = class extends Original {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      records.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
    }
  };
}

/** Makes the page report itself hidden (or visible again) and tells it, as switching tabs would. */
export function setPageHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}
