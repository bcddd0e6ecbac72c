/**
 * How a child process is spawned, as a narrow interface: the supervisor only needs a pid, a way to signal
 * it, its stderr lines and its exit. Unit tests inject a fake runner; everything else uses nodeRunner.
 */
import { spawn } from 'node:child_process'

export interface ProcessCommand {
  file: string
  args: string[]
  /** Where stdout goes: dropped unless asked for (encoders write files, loopers write UDP). */
  captureStdout?: boolean
  /** Written to the child's stdin, which is then closed (a frame to decode, say). Else stdin is empty. */
  stdin?: Buffer
  /** Added to the child's minimal environment: secrets go here, never into the (world-readable) arguments. */
  env?: Record<string, string>
}

/** What a child inherits from the server: enough to find programs and speak UTF-8, nothing else. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const

/**
 * A child's whole environment. The server's own may hold secrets (ADMIN_PASSWORD, camera passwords named by
 * `passwordEnv`, the case feed's api key) that no child needs, so none of it is passed on wholesale.
 */
export function childEnvironment(
  extra: Record<string, string> = {},
  from: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of INHERITED) {
    const value = from[name]
    if (value !== undefined) env[name] = value
  }
  return { ...env, ...extra }
}

export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface ChildHandle {
  /** Undefined when the spawn itself failed (missing binary): onExit still fires, with code null. */
  readonly pid: number | undefined
  kill(signal: NodeJS.Signals): void
  onStdout(listener: (chunk: Buffer) => void): void
  onStderrLine(listener: (line: string) => void): void
  onExit(listener: (status: ExitStatus) => void): void
}

export interface ProcessRunner {
  spawn(command: ProcessCommand): ChildHandle
}

export const nodeRunner: ProcessRunner = {
  spawn(command) {
    const child = spawn(command.file, command.args, {
      env: childEnvironment(command.env),
      // A process group of its own: Ctrl-C in a terminal reaches the server alone, which then stops its
      // children in order, instead of every child dying at once and being "restarted" during shutdown.
      // (If the server dies, the parent-death signal still ends them.)
      detached: true,
      stdio: [command.stdin ? 'pipe' : 'ignore', command.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    })
    if (command.stdin) {
      // A child that exits before reading all of it makes the write fail with EPIPE: its exit says more.
      child.stdin?.on('error', () => {})
      child.stdin?.end(command.stdin)
    }
    const exitListeners: Array<(status: ExitStatus) => void> = []
    let exited: ExitStatus | null = null
    const finish = (status: ExitStatus): void => {
      if (exited) return
      exited = status
      for (const listener of exitListeners) listener(status)
    }
    // 'close' rather than 'exit': it fires after stdio drained, so the last stderr line is already seen.
    child.on('close', (code, signal) => finish({ code, signal }))
    child.on('error', () => {
      if (child.pid === undefined) finish({ code: null, signal: null })
    })

    let partial = ''
    const lineListeners: Array<(line: string) => void> = []
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => {
      const lines = (partial + text).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) for (const l of lineListeners) l(line)
    })
    return {
      pid: child.pid,
      kill(signal) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      },
      onStdout(listener) {
        child.stdout?.on('data', listener)
      },
      onStderrLine(listener) {
        lineListeners.push(listener)
      },
      onExit(listener) {
        if (exited) listener(exited)
        else exitListeners.push(listener)
      },
    }
  },
}
