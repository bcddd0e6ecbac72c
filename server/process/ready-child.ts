/**
 * A supervised child process that announces on stdout when it is ready to serve (a line matching
 * `ready`). Resolves with that line's match, at the first start; a restarted child announces again and
 * `onReady` sees every announcement.
 */
import type { PoolStartOptions, ProcessPool } from './process-pool.ts'
import type { SupervisedProcess } from './supervisor.ts'

export interface ReadyChildOptions {
  name: string
  command: PoolStartOptions['command']
  ready: RegExp
  timeoutMs: number
  onReady?: (match: RegExpExecArray) => void
}

export async function startReadyChild(
  pool: ProcessPool,
  options: ReadyChildOptions,
): Promise<{ process: SupervisedProcess; match: RegExpExecArray }> {
  let output = ''
  let first: ((match: RegExpExecArray) => void) | undefined
  const announced = new Promise<RegExpExecArray>((resolve) => {
    first = resolve
  })
  const process = pool.start({
    name: options.name,
    command: { ...options.command, captureStdout: true },
    onStdout: (chunk) => {
      // Keep only a tail: children may print a lot before (or instead of) their ready line.
      output = (output + chunk.toString()).slice(-4096)
      const match = options.ready.exec(output)
      if (!match) return
      output = ''
      options.onReady?.(match)
      first?.(match)
      first = undefined
    },
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${options.name} was not ready within ${Math.round(options.timeoutMs / 1000)} s`)),
      options.timeoutMs,
    )
  })
  try {
    return { process, match: await Promise.race([announced, timeout]) }
  } catch (error) {
    await process.stop()
    throw error
  } finally {
    clearTimeout(timer)
  }
}
