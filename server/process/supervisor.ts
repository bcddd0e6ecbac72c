/**
 * A supervised external command, after MediaMTX internal/externalcmd/cmd.go: start it, and when it exits
 * start it again after a pause that doubles on each quick failure (capped) and resets once a run lasted
 * long enough to count as healthy.
 */
import { maskUrlCredentials } from '../http/log-redaction.ts'
import type { Logger } from './logger.ts'
import type { ChildHandle, ExitStatus, ProcessCommand, ProcessRunner } from './process-runner.ts'
import type { TimerHandle, Timers } from './timers.ts'

export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  /** A run at least this long resets the pause to initialMs. */
  healthyAfterMs: number
}

export const defaultBackoff: BackoffPolicy = { initialMs: 500, maxMs: 15_000, healthyAfterMs: 30_000 }

export interface SupervisorOptions {
  /** Shown in logs; must not contain credentials. */
  name: string
  command: ProcessCommand
  runner: ProcessRunner
  timers: Timers
  logger: Logger
  /** false: run once, never restart (onExit still fires). */
  restart?: boolean
  backoff?: BackoffPolicy
  /** How long stop() waits after SIGTERM before SIGKILL. */
  killTimeoutMs?: number
  onStart?: (pid: number | undefined) => void
  onExit?: (status: ExitStatus & { ranMs: number }) => void
  onStdout?: (chunk: Buffer) => void
  /** Each stderr line, credentials already masked (it is also logged as a warning). */
  onStderrLine?: (line: string) => void
}

export interface SupervisedProcess {
  readonly name: string
  /** The running child's pid, if one is running now. */
  readonly pid: number | undefined
  readonly restarts: number
  /** Stops restarting, sends SIGTERM, SIGKILL after killTimeoutMs; resolves when the child is gone. */
  stop(): Promise<void>
  /**
   * Ends the running child (SIGKILL: it is presumed stuck) so that it restarts after the usual back-off.
   * For watchdogs that see a child alive but useless (a frozen camera). Does nothing while stopping.
   */
  kick(reason: string): void
}

/** The pause before restart number `attempt` (1-based): initial, doubled each time, capped. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1))
}

export function supervise(options: SupervisorOptions): SupervisedProcess {
  const { runner, timers, logger, name } = options
  const backoff = options.backoff ?? defaultBackoff
  const killTimeoutMs = options.killTimeoutMs ?? 5_000
  let child: ChildHandle | null = null
  let restartTimer: TimerHandle | null = null
  let stopping: Promise<void> | null = null
  // Set before any signal is sent: a child may exit (and onExit run) before stop()'s promise exists.
  let stopRequested = false
  let quickFailures = 0
  let restarts = 0

  const start = (): void => {
    restartTimer = null
    const startedAt = timers.now()
    const handle = runner.spawn(options.command)
    child = handle
    logger.info({ process: name, childPid: handle.pid }, 'process started')
    options.onStart?.(handle.pid)
    // ffmpeg repeats its input URL in errors: never let a camera password reach the log.
    handle.onStderrLine((raw) => {
      const line = maskUrlCredentials(raw)
      logger.warn({ process: name, childPid: handle.pid, stderr: line }, 'process stderr')
      options.onStderrLine?.(line)
    })
    if (options.onStdout) handle.onStdout(options.onStdout)
    handle.onExit((status) => {
      child = null
      const ranMs = timers.now() - startedAt
      options.onExit?.({ ...status, ranMs })
      if (stopRequested) return
      if (options.restart === false) {
        logger.info({ process: name, code: status.code, signal: status.signal }, 'process exited')
        return
      }
      quickFailures = ranMs >= backoff.healthyAfterMs ? 1 : quickFailures + 1
      const delayMs = backoffDelay(backoff, quickFailures)
      logger.warn(
        { process: name, code: status.code, signal: status.signal, ranMs, restartInMs: delayMs },
        'process exited, restarting',
      )
      restarts++
      restartTimer = timers.setTimeout(start, delayMs)
    })
  }

  start()

  return {
    name,
    get pid() {
      return child?.pid
    },
    get restarts() {
      return restarts
    },
    kick(reason) {
      if (stopRequested || !child) return
      logger.warn({ process: name, childPid: child.pid, reason }, 'process kicked, restarting')
      child.kill('SIGKILL')
    },
    stop() {
      if (stopping) return stopping
      stopRequested = true
      stopping = new Promise<void>((resolve) => {
        if (restartTimer) timers.clearTimeout(restartTimer)
        const running = child
        if (!running) return resolve()
        const killTimer = timers.setTimeout(() => {
          logger.warn({ process: name, childPid: running.pid }, 'process ignored SIGTERM, sending SIGKILL')
          running.kill('SIGKILL')
        }, killTimeoutMs)
        running.onExit(() => {
          timers.clearTimeout(killTimer)
          resolve()
        })
        running.kill('SIGTERM')
      })
      return stopping
    },
  }
}
