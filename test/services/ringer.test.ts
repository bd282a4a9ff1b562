import { afterEach, describe, expect, it, vi } from 'vitest';
import { CADENCES, createWebAudioRinger, type Tone } from '../../src/services/ringer.ts';
import { FakeAudioContext } from './fake-audio-context.ts';

function setup(context = new FakeAudioContext()) {
  const intervals = new Map<number, () => void>();
  let next = 0;
  const timers = {
    setInterval: (fn: () => void) => {
      intervals.set(++next, fn);
      return next;
    },
    clearInterval: (id: unknown) => void intervals.delete(id as number),
  };
  const gestures = new EventTarget();
  let made = 0;
  const ringer = createWebAudioRinger({ createContext: () => (made++, context), gestures, timers });
  return { ringer, context, gestures, intervals, tick: () => intervals.forEach((fn) => fn()), made: () => made };
}

/** Where the cadence is on (gain at its level) or off (0), sampled in the middle of each step. */
function onOff(tone: Tone, gainAt: (t: number) => number, start: number, cycles = 2): boolean[] {
  const { steps, level } = CADENCES[tone];
  const result: boolean[] = [];
  let t = start;
  for (let c = 0; c < cycles; c++) {
    for (const seconds of steps) {
      const g = gainAt(t + seconds / 2);
      expect([0, level]).toContainEqual(g);
      result.push(g === level);
      t += seconds;
    }
  }
  return result;
}

afterEach(() => vi.restoreAllMocks());

describe('Web Audio ringer', () => {
  it.each<[Tone, number[], boolean[]]>([
    ['ringback', [440, 480], [true, false, true, false]],
    ['ringtone', [400, 450], [true, false, true, false, true, false, true, false]],
    ['call-waiting', [440], [true, false, true, false]],
  ])('%s: oscillators at %j under a gain with the cadence', (tone, frequencies, want) => {
    const { ringer, context } = setup();
    ringer.play(tone);
    expect(context.oscillators.map((o) => o.frequency.value)).toEqual(frequencies);
    expect(context.oscillators.every((o) => o.startedAt !== null && o.stoppedAt === null)).toBe(true);
    const [gain] = context.gains;
    expect(context.oscillators.every((o) => o.connections[0] === gain)).toBe(true);
    expect(gain!.connections).toEqual([context.destination]);
    expect(gain!.gain.at(0.01)).toBe(0);
    expect(onOff(tone, (t) => gain!.gain.at(t), 0.05)).toEqual(want);
  });

  it('rings with the documented cadences', () => {
    expect(CADENCES.ringback).toMatchObject({ frequencies: [440, 480], steps: [2, 4] });
    expect(CADENCES.ringtone).toMatchObject({ frequencies: [400, 450], steps: [0.4, 0.2, 0.4, 2] });
    expect(CADENCES['call-waiting'].frequencies).toEqual([440]);
    expect(CADENCES['call-waiting'].steps.reduce((a, b) => a + b)).toBe(10);
  });

  it('schedules with setValueAtTime, softening each edge', () => {
    const { ringer, context } = setup();
    ringer.play('ringback');
    const events = context.gains[0]!.gain.events;
    expect(events.filter((e) => e.type === 'set' && e.value === 0).map((e) => e.time)).toContain(0.05);
    expect(context.gains[0]!.gain.at(0.055)).toBeCloseTo(CADENCES.ringback.level / 2);
  });

  it('stops and disconnects every oscillator on silence', () => {
    const { ringer, context, intervals } = setup();
    ringer.play('ringtone');
    ringer.play(null);
    expect(context.oscillators).toHaveLength(2);
    expect(context.oscillators.every((o) => o.stoppedAt !== null && o.disconnected)).toBe(true);
    expect(context.gains[0]!.disconnected).toBe(true);
    expect(intervals.size).toBe(0);
  });

  it('a new tone replaces the old one; the same tone again changes nothing', () => {
    const { ringer, context } = setup();
    ringer.play('ringback');
    ringer.play('ringback');
    expect(context.oscillators).toHaveLength(2);
    ringer.play('call-waiting');
    expect(context.oscillators.slice(0, 2).every((o) => o.stoppedAt !== null && o.disconnected)).toBe(true);
    expect(context.oscillators.slice(2).map((o) => [o.frequency.value, o.stoppedAt])).toEqual([[440, null]]);
  });

  it('keeps ringing: the cadence is topped up ahead of the context time', () => {
    const { ringer, context, tick } = setup();
    ringer.play('ringback');
    const gain = context.gains[0]!.gain;
    // Six-second cycles from 0.05 s: 120.05 s starts a cycle.
    expect(gain.at(121)).toBe(0);
    for (context.currentTime = 0; context.currentTime < 120; context.currentTime += 5) tick();
    expect(gain.at(121)).toBe(CADENCES.ringback.level);
    expect(gain.at(123)).toBe(0);
  });

  it('makes one context, lazily, and resumes it when suspended: on play and on a user gesture', () => {
    const context = new FakeAudioContext();
    context.state = 'suspended';
    const { ringer, gestures, made } = setup(context);
    gestures.dispatchEvent(new Event('pointerdown'));
    expect(made()).toBe(0);
    ringer.play('ringtone');
    expect(context.resumes).toBe(1);
    context.state = 'suspended';
    gestures.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(2);
    ringer.play(null);
    ringer.play('ringback');
    expect(made()).toBe(1);
  });

  it('rings silently without Web Audio', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ringer = createWebAudioRinger({
      createContext: () => {
        throw new Error('no AudioContext');
      },
      gestures: new EventTarget(),
    });
    ringer.play('ringtone');
    ringer.play(null);
    ringer.play('ringback');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('ringtone volume', () => {
  it('scales the ringtone and call waiting, at once while ringing, and leaves the ringback alone', () => {
    const { ringer, context } = setup();
    ringer.setVolume(0.5);
    ringer.play('ringtone');
    const level = CADENCES.ringtone.level;
    expect(context.gains.at(-1)!.gain.at(0.05 + 0.2)).toBeCloseTo(level * 0.5);
    ringer.setVolume(0.25);
    expect(context.oscillators.slice(0, 2).every((o) => o.stoppedAt !== null)).toBe(true);
    const now = context.currentTime;
    expect(context.gains.at(-1)!.gain.at(now + 0.05 + 0.2)).toBeCloseTo(level * 0.25);
    ringer.play('ringback');
    expect(context.gains.at(-1)!.gain.at(context.currentTime + 0.05 + 1)).toBeCloseTo(CADENCES.ringback.level);
  });

  it('at 0 the ringtone is silent', () => {
    const { ringer, context } = setup();
    ringer.setVolume(0);
    ringer.play('ringtone');
    expect(context.gains.at(-1)!.gain.at(0.05 + 0.2)).toBe(0);
  });
});
