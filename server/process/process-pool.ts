/**
 * Every external process of one owner, after MediaMTX internal/externalcmd/pool.go: closeAll() stops
 * them all and resolves only when every child is gone, so a closed owner leaves no orphan behind.
 */
import type { Logger } from './logger.ts'
import { withParentDeathSignal } from './parent-death-signal.ts'
import { nodeRunner, type ExitStatus, type ProcessCommand, type ProcessRunner } from './process-runner.ts'
import { supervise, type SupervisedProcess, type SupervisorOptions } from './supervisor.ts'
import { realTimers, type Timers } from './timers.ts'

export interface ProcessPoolOptions {
  logger: Logger
  runner?: ProcessRunner
  timers?: Timers
  /** Wrap every command in setpriv --pdeathsig KILL (default true; fake runners turn it off). */
  parentDeathSignal?: boolean
}

export interface RunResult extends ExitStatus {
  stdout: Buffer
}

export type PoolStartOptions = Omit<SupervisorOptions, 'runner' | 'timers' | 'logger'>

export class ProcessPool {
  private readonly running = new Set<SupervisedProcess>()
  private readonly pidSet = new Set<number>()
  private readonly runner: ProcessRunner
  private readonly timers: Timers
  private closed = false

  constructor(private readonly options: ProcessPoolOptions) {
    this.runner = options.runner ?? nodeRunner
    this.timers = options.timers ?? realTimers()
  }

  /** Pids of every child alive right now, supervised or one-shot. */
  pids(): number[] {
    return [...this.pidSet]
  }

  /** Starts a supervised process. It leaves the pool when stopped, or when it ends with restart: false. */
  start(options: PoolStartOptions): SupervisedProcess {
    if (this.closed) throw new Error('process pool is closed')
    let currentPid: number | undefined
    let ended = false
    let supervised: SupervisedProcess | undefined = undefined
    supervised = supervise({
      ...options,
      command: this.wrap(options.command),
      runner: this.runner,
      timers: this.timers,
      logger: this.options.logger,
      onStart: (pid) => {
        currentPid = pid
        if (pid !== undefined) this.pidSet.add(pid)
        options.onStart?.(pid)
      },
      onExit: (status) => {
        if (currentPid !== undefined) this.pidSet.delete(currentPid)
        if (options.restart === false) {
          ended = true
          if (supervised) this.running.delete(supervised)
        }
        options.onExit?.(status)
      },
    })
    // A fake runner may end the child before supervise() even returned.
    const process = supervised
    if (!ended) this.running.add(process)
    return {
      name: process.name,
      get pid() {
        return process.pid
      },
      get restarts() {
        return process.restarts
      },
      stop: async () => {
        await process.stop()
        this.running.delete(process)
      },
      kick: (reason: string) => process.kick(reason),
    }
  }

  /** Runs a command once to its end (an encoder, a probe) and collects its stdout. */
  run(name: string, command: ProcessCommand): Promise<RunResult> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = []
      this.start({
        name,
        command: { ...command, captureStdout: true },
        restart: false,
        onStdout: (chunk) => chunks.push(chunk),
        onExit: (status) => resolve({ code: status.code, signal: status.signal, stdout: Buffer.concat(chunks) }),
      })
    })
  }

  /** Stops every process and waits for all of them; later start() calls throw. */
  async closeAll(): Promise<void> {
    this.closed = true
    await Promise.all([...this.running].map((p) => p.stop()))
    this.running.clear()
  }

  private wrap(command: ProcessCommand): ProcessCommand {
    return this.options.parentDeathSignal === false ? command : withParentDeathSignal(command)
  }
}
