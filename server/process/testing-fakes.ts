/** A fake runner and fake timers for unit tests of anything built on the supervisor. */
import type { ChildHandle, ExitStatus, ProcessCommand, ProcessRunner } from './process-runner.ts'
import type { TimerHandle, Timers } from './timers.ts'

export class FakeChild implements ChildHandle {
  readonly signals: NodeJS.Signals[] = []
  private readonly exitListeners: Array<(status: ExitStatus) => void> = []
  private readonly stderrListeners: Array<(line: string) => void> = []
  private readonly stdoutListeners: Array<(chunk: Buffer) => void> = []
  exited: ExitStatus | null = null
  /** Whether SIGTERM ends this child (false: it needs SIGKILL, like a hung ffmpeg). */
  obeysSigterm = true

  constructor(
    readonly pid: number,
    readonly command: ProcessCommand,
  ) {}

  kill(signal: NodeJS.Signals): void {
    this.signals.push(signal)
    if (signal === 'SIGKILL' || this.obeysSigterm) this.exit({ code: null, signal })
  }
  onStdout(listener: (chunk: Buffer) => void): void {
    this.stdoutListeners.push(listener)
  }
  writeStdout(chunk: Buffer): void {
    for (const l of this.stdoutListeners) l(chunk)
  }
  onStderrLine(listener: (line: string) => void): void {
    this.stderrListeners.push(listener)
  }
  onExit(listener: (status: ExitStatus) => void): void {
    if (this.exited) listener(this.exited)
    else this.exitListeners.push(listener)
  }
  writeStderr(line: string): void {
    for (const l of this.stderrListeners) l(line)
  }
  exit(status: ExitStatus): void {
    if (this.exited) return
    this.exited = status
    for (const l of this.exitListeners) l(status)
  }
}

export class FakeRunner implements ProcessRunner {
  readonly children: FakeChild[] = []
  private nextPid = 1000
  spawn(command: ProcessCommand): FakeChild {
    const child = new FakeChild(this.nextPid++, command)
    this.children.push(child)
    return child
  }
  get last(): FakeChild {
    const child = this.children.at(-1)
    if (!child) throw new Error('nothing spawned yet')
    return child
  }
}

export class FakeTimers implements Timers {
  private time = 0
  private nextId = 1
  private readonly pending = new Map<number, { at: number; callback: () => void }>()
  now(): number {
    return this.time
  }
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++
    this.pending.set(id, { at: this.time + ms, callback })
    return { id }
  }
  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle.id)
  }
  get pendingCount(): number {
    return this.pending.size
  }
  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.pending.delete(due[0])
      this.time = due[1].at
      due[1].callback()
    }
    this.time = until
  }
}
