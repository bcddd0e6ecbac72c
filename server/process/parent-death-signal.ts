/**
 * Wraps a command so the kernel sends SIGKILL to the child when its parent dies. Without it a parent
 * killed by SIGKILL (a crashed test worker, `kill -9` on the server) leaves ffmpeg running forever.
 * setpriv (util-linux) sets PR_SET_PDEATHSIG and then execs the command, so the pid stays the child's.
 */
import type { ProcessCommand } from './process-runner.ts'

export function withParentDeathSignal(command: ProcessCommand, setprivPath = 'setpriv'): ProcessCommand {
  return { ...command, file: setprivPath, args: ['--pdeathsig', 'KILL', '--', command.file, ...command.args] }
}
