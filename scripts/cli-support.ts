/**
 * What the store CLIs (`npm run user`, `wall`, `apikey`) share: argument parsing that answers with the
 * usage, exits with sysexits-style codes (64 usage, 2 configuration, 1 refused), and the camera
 * configuration loaded or explained.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConfigError } from '../server/config/config-error.ts'
import type { CameraConfig } from '../server/contracts/camera-config.ts'
import { loadCameraConfig } from '../server/config/load-camera-config.ts'
import { HttpError } from '../server/http/http-errors.ts'

export const EXIT_USAGE = 64

export function exitWith(message: string, code: number): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

/** Parses `<command> [argument] [--options]`; `--help` or no command prints the usage. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string) {
  const config = { options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true } as const
  let parsed: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>
  try {
    parsed = parseArgs(config) as typeof parsed
  } catch (error) {
    return exitWith(`${(error as Error).message}\n${usage}`, EXIT_USAGE)
  }
  const [command, argument] = parsed.positionals
  const help = (parsed.values as { help?: boolean }).help
  if (help || !command) exitWith(usage, command ? 0 : EXIT_USAGE)
  return { command, argument, values: parsed.values }
}

export function loadConfigOrExit(cameraConfigDir: string): CameraConfig {
  try {
    return loadCameraConfig(cameraConfigDir)
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message, 2)
    throw error
  }
}

/** Runs a command; a refusal from the domain (an HttpError) is its message and exit code 1, not a stack. */
export async function runCommand(command: string, run: () => Promise<void> | void, cleanUp: () => void) {
  try {
    await run()
  } catch (error) {
    if (error instanceof HttpError) exitWith(`${command}: ${error.message}`, 1)
    throw error
  } finally {
    cleanUp()
  }
}
