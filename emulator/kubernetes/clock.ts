/**
 * Time for the simulation. Real clusters take seconds to pull images and minutes to add nodes;
 * `timeScale` compresses those durations (10 = ten times faster). Unit tests use ManualClock and
 * step time explicitly, so lifecycle rules are checked without waiting.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class ManualClock implements Clock {
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(private t = Date.parse("2026-11-26T10:00:00Z")) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.t + ms, resolve }));
  }

  /** Moves time forward to `t`, waking sleepers whose time has come. */
  set(t: number): void {
    this.t = t;
    const due = this.timers.filter((x) => x.at <= t);
    this.timers = this.timers.filter((x) => x.at > t);
    for (const d of due) d.resolve();
  }
}
