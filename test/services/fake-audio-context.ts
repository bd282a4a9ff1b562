/**
 * A small AudioContext for the ringer's tests: it records each oscillator (frequency, start, stop, connections) and
 * each gain automation event, and evaluates the gain at a given time the way Web Audio does for
 * setValueAtTime / linearRampToValueAtTime.
 */
import type { AudioContextLike, AudioParamLike, GainLike, OscillatorLike } from '../../src/services/ringer.ts';

export interface AutomationEvent {
  type: 'set' | 'ramp';
  value: number;
  time: number;
}

export class FakeParam implements AudioParamLike {
  value = 0;
  events: AutomationEvent[] = [];
  setValueAtTime(value: number, time: number) {
    this.events.push({ type: 'set', value, time });
    this.events.sort((a, b) => a.time - b.time);
  }
  linearRampToValueAtTime(value: number, time: number) {
    this.events.push({ type: 'ramp', value, time });
    this.events.sort((a, b) => a.time - b.time);
  }
  cancelScheduledValues(time: number) {
    this.events = this.events.filter((e) => e.time < time);
  }
  /** The value at `t` (Web Audio automation: steps, and linear ramps from the previous event). */
  at(t: number): number {
    let value = this.value;
    let from = { time: 0, value };
    for (const e of this.events) {
      if (e.time <= t) {
        value = e.value;
        from = { time: e.time, value };
        continue;
      }
      if (e.type === 'ramp') return from.value + ((e.value - from.value) * (t - from.time)) / (e.time - from.time);
      break;
    }
    return value;
  }
}

class FakeNode {
  connections: unknown[] = [];
  disconnected = false;
  connect(destination: unknown) {
    this.connections.push(destination);
    return destination;
  }
  disconnect() {
    this.disconnected = true;
    this.connections = [];
  }
}

export class FakeOscillator extends FakeNode implements OscillatorLike {
  type: OscillatorType = 'sine';
  readonly frequency = new FakeParam();
  startedAt: number | null = null;
  stoppedAt: number | null = null;
  start(when = 0) {
    if (this.startedAt !== null) throw new Error('InvalidStateError: start twice');
    this.startedAt = when;
  }
  stop(when = 0) {
    if (this.startedAt === null) throw new Error('InvalidStateError: stop before start');
    this.stoppedAt = when;
  }
}

export class FakeGain extends FakeNode implements GainLike {
  readonly gain = new FakeParam();
}

export class FakeAudioContext implements AudioContextLike {
  state: 'suspended' | 'running' | 'closed' = 'running';
  currentTime = 0;
  readonly destination = { name: 'destination' };
  readonly oscillators: FakeOscillator[] = [];
  readonly gains: FakeGain[] = [];
  resumes = 0;
  createOscillator() {
    const o = new FakeOscillator();
    this.oscillators.push(o);
    return o;
  }
  createGain() {
    const g = new FakeGain();
    this.gains.push(g);
    return g;
  }
  async resume() {
    this.resumes++;
    this.state = 'running';
  }
}
