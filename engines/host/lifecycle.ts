// The lifecycle every engine shares, driven by the Host: each component is `ready` once composed,
// `running` after start, `stopped` after stop; `degraded` when it works with reduced function,
// `faulted` when it failed. Every change is reported (the Workstation publishes it on the bus as
// `engines.<name>.status`) and kept for system.health.
import type { EngineState, EngineStatus } from '@nws/core';
import { ErrorCode, NwsError } from '@nws/core';

/** One part of the Workstation the Host starts and stops (a store, the bus, the worker pool...). */
export interface HostComponent {
  readonly name: string;
  /**
   * Required components fault the whole Workstation when they cannot start; optional ones leave
   * it running, degraded.
   */
  readonly required: boolean;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export type StatusListener = (status: EngineStatus) => void;

export interface EngineHealthDetail {
  name: string;
  status: EngineState;
  message?: string;
}

export class EngineSupervisor {
  private readonly components: HostComponent[] = [];
  private readonly states = new Map<string, EngineStatus>();
  private readonly listeners = new Set<StatusListener>();
  /** Components whose start() succeeded and whose stop() has not run yet. */
  private readonly started = new Set<HostComponent>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a component in `ready` state; components start in the order added and stop in reverse. */
  add(component: HostComponent): void {
    if (this.states.has(component.name)) {
      throw new NwsError(ErrorCode.Conflict, `engine "${component.name}" is already part of the workstation`);
    }
    this.components.push(component);
    this.report(component.name, 'ready');
  }

  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a state change (components report degraded/faulted through this). */
  report(name: string, state: EngineState, message?: string): void {
    if (!this.states.has(name) && state !== 'ready') {
      throw new NwsError(ErrorCode.NotFound, `no engine "${name}" in the workstation`);
    }
    const status: EngineStatus = message === undefined ? { engine: name, state, ts: this.now() } : { engine: name, state, ts: this.now(), message };
    this.states.set(name, status);
    for (const listener of [...this.listeners]) listener(status);
  }

  /**
   * Starts every component in order. A required one that fails is marked faulted, the ones
   * already started are stopped again, and the error is thrown; an optional one is marked
   * degraded and the rest start anyway.
   */
  async startAll(): Promise<void> {
    for (const [index, component] of this.components.entries()) {
      try {
        await component.start();
        this.started.add(component);
        this.report(component.name, 'running');
      } catch (error) {
        const failure = NwsError.from(error);
        if (!component.required) {
          this.report(component.name, 'degraded', failure.message);
          continue;
        }
        this.report(component.name, 'faulted', failure.message);
        await this.stopComponents(this.components.slice(0, index));
        throw new NwsError(failure.code, `engine "${component.name}" failed to start: ${failure.message}`, failure.details);
      }
    }
  }

  /** Stops every started component in reverse order; one failing to stop never keeps the others running. */
  async stopAll(): Promise<NwsError[]> {
    return this.stopComponents(this.components);
  }

  health(): EngineHealthDetail[] {
    return this.components.map((component) => {
      const status = this.states.get(component.name)!;
      return status.message === undefined
        ? { name: component.name, status: status.state }
        : { name: component.name, status: status.state, message: status.message };
    });
  }

  /** True when every component is running. */
  allRunning(): boolean {
    return this.components.every((component) => this.states.get(component.name)?.state === 'running');
  }

  private async stopComponents(components: HostComponent[]): Promise<NwsError[]> {
    const failures: NwsError[] = [];
    for (const component of [...components].reverse()) {
      if (!this.started.delete(component)) continue; // never started, or already stopped
      try {
        await component.stop();
        this.report(component.name, 'stopped');
      } catch (error) {
        const failure = NwsError.from(error);
        this.report(component.name, 'faulted', `failed to stop: ${failure.message}`);
        failures.push(new NwsError(failure.code, `engine "${component.name}" failed to stop: ${failure.message}`));
      }
    }
    return failures;
  }
}
