/**
 * Ringing tones made with Web Audio (no audio files): oscillators that run while a tone plays, under a GainNode
 * whose cadence is scheduled ahead with `setValueAtTime` (topped up by a timer, so a tone can ring for ever).
 *
 * Browsers start an AudioContext suspended until the page had a user gesture (autoplay policy): the context is made
 * on the first tone and resumed on the next pointer or key press if it is suspended.
 */
export type Tone = 'ringback' | 'ringtone' | 'call-waiting';

export interface Ringer {
  /** Plays a tone until told otherwise; `null` is silence. Playing the tone already playing changes nothing. */
  play(tone: Tone | null): void;
  /**
   * The volume of the tones that announce an incoming call (ringtone and call waiting), 0 to 1 of their level; the
   * ringback a caller hears is left alone. A tone that is playing changes at once.
   */
  setVolume(volume: number): void;
}

/** The tones the ringtone volume applies to. */
export const INCOMING_TONES: ReadonlySet<Tone> = new Set<Tone>(['ringtone', 'call-waiting']);

export interface Cadence {
  /** Frequencies (Hz) mixed together. */
  frequencies: number[];
  /** Seconds on, off, on, off… from the start of a cycle; the cycle repeats. */
  steps: number[];
  /** Gain of the tone while on (each oscillator at this level). */
  level: number;
}

export const CADENCES: Readonly<Record<Tone, Cadence>> = {
  // North American ringback (ANSI T1.401): 440 + 480 Hz, 2 s on, 4 s off.
  ringback: { frequencies: [440, 480], steps: [2, 4], level: 0.06 },
  // British double ring (BT SIN 350): 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off.
  ringtone: { frequencies: [400, 450], steps: [0.4, 0.2, 0.4, 2], level: 0.1 },
  // Call waiting: one short 440 Hz beep every 10 s, quiet enough to talk over.
  'call-waiting': { frequencies: [440], steps: [0.3, 9.7], level: 0.08 },
};

/** Soft edges against clicks (seconds). */
export const EDGE = 0.01;
/** How far ahead the cadence is scheduled, and how often it is topped up (seconds). */
const LOOKAHEAD = 20;
const TOP_UP_MS = 5000;

/** The Web Audio surface the ringer uses; a real AudioContext satisfies it, and so does a small fake in tests. */
export interface AudioParamLike {
  value: number;
  setValueAtTime(value: number, time: number): unknown;
  linearRampToValueAtTime(value: number, time: number): unknown;
  cancelScheduledValues(time: number): unknown;
}
export interface AudioNodeLike {
  connect(destination: unknown): unknown;
  disconnect(): void;
}
export interface OscillatorLike extends AudioNodeLike {
  type: OscillatorType;
  readonly frequency: AudioParamLike;
  start(when?: number): void;
  stop(when?: number): void;
}
export interface GainLike extends AudioNodeLike {
  readonly gain: AudioParamLike;
}
export interface AudioContextLike {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: unknown;
  createOscillator(): OscillatorLike;
  createGain(): GainLike;
  resume(): Promise<void>;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export interface WebAudioRingerOptions {
  createContext?: () => AudioContextLike;
  /** Where user gestures arrive (window). */
  gestures?: Pick<EventTarget, 'addEventListener'>;
  timers?: Timers;
}

interface Voice {
  oscillators: OscillatorLike[];
  gain: GainLike;
  /** Start of the next cycle not yet scheduled (context time). */
  scheduledUntil: number;
  timer: unknown;
}

/** Schedules whole cycles of `cadence` on `param` from `from` until at least `until`; returns the end of the last one. */
export function scheduleCadence(param: AudioParamLike, cadence: Cadence, from: number, until: number): number {
  const cycle = cadence.steps.reduce((a, b) => a + b, 0);
  let start = from;
  while (start < until) {
    let t = start;
    cadence.steps.forEach((seconds, i) => {
      if (i % 2 === 0) {
        param.setValueAtTime(0, t);
        param.linearRampToValueAtTime(cadence.level, t + EDGE);
        param.setValueAtTime(cadence.level, t + seconds - EDGE);
        param.linearRampToValueAtTime(0, t + seconds);
      }
      t += seconds;
    });
    start += cycle;
  }
  return start;
}

export function createWebAudioRinger({
  createContext = () => new AudioContext(),
  gestures = globalThis,
  timers = globalThis,
}: WebAudioRingerOptions = {}): Ringer {
  let context: AudioContextLike | null = null;
  let unavailable = false;
  let voice: Voice | null = null;
  let current: Tone | null = null;
  let volume = 1;

  const resume = (ctx: AudioContextLike) => {
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
  };
  const contextOrNull = (): AudioContextLike | null => {
    if (context || unavailable) return context;
    try {
      context = createContext();
    } catch (error) {
      unavailable = true;
      console.warn('ringer: no Web Audio, calls will ring silently', error);
    }
    return context;
  };
  const onGesture = () => {
    if (context) resume(context);
  };
  gestures.addEventListener('pointerdown', onGesture, true);
  gestures.addEventListener('keydown', onGesture, true);

  const stop = () => {
    if (!voice) return;
    timers.clearInterval(voice.timer);
    voice.gain.gain.cancelScheduledValues(0);
    for (const osc of voice.oscillators) {
      osc.stop();
      osc.disconnect();
    }
    voice.gain.disconnect();
    voice = null;
  };

  const start = (ctx: AudioContextLike, cadence: Cadence) => {
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = cadence.frequencies.map((frequency) => {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    const from = ctx.currentTime + 0.05;
    gain.gain.setValueAtTime(0, ctx.currentTime);
    const v: Voice = { oscillators, gain, scheduledUntil: scheduleCadence(gain.gain, cadence, from, from + LOOKAHEAD), timer: undefined };
    v.timer = timers.setInterval(() => {
      v.scheduledUntil = scheduleCadence(gain.gain, cadence, v.scheduledUntil, ctx.currentTime + LOOKAHEAD);
    }, TOP_UP_MS);
    voice = v;
  };

  const sound = (tone: Tone | null) => {
    stop();
    if (!tone) return;
    const ctx = contextOrNull();
    if (!ctx) return;
    resume(ctx);
    const cadence = CADENCES[tone];
    start(ctx, INCOMING_TONES.has(tone) ? { ...cadence, level: cadence.level * volume } : cadence);
  };

  return {
    play(tone) {
      if (tone === current) return;
      current = tone;
      sound(tone);
    },
    setVolume(next) {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(next) ? next : 1));
      if (clamped === volume) return;
      volume = clamped;
      if (current && INCOMING_TONES.has(current)) sound(current);
    },
  };
}
