/**
 * The server serves dist/web but builds nothing: browser tests call ensureWebBuilt() first, which builds
 * it when missing or older than the sources. Vitest runs two test files at once, so the build is guarded
 * by a lock directory: the second file waits for the first file's build instead of racing it (two Vite
 * builds emptying the same outDir would leave a broken bundle).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')
const LOCK = join(ROOT, 'dist', '.web-build.lock')
/** A Vite build here takes ~5-15 s; a lock older than this was left by a killed run. */
const STALE_LOCK_MS = 120_000

/** The newest mtime of what goes into dist/web: web sources (tests excluded) and the Vite config. */
function newestSourceMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function isStale(): boolean {
  const index = join(ROOT, 'dist', 'web', 'index.html')
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0
  const sourcesAt = Math.max(newestSourceMtime(join(ROOT, 'web')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs)
  return sourcesAt > builtAt
}

/** mkdir is atomic: whoever creates the directory holds the lock. */
function tryLock(): boolean {
  try {
    mkdirSync(LOCK)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
    } catch {
      // Released meanwhile; the next attempt decides.
    }
    return false
  }
}

export async function ensureWebBuilt(timeoutMs = 180_000): Promise<void> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true })
  const deadline = Date.now() + timeoutMs
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`another test held ${LOCK} for over ${timeoutMs} ms`)
    await new Promise((done) => setTimeout(done, 200))
  }
  try {
    // Checked under the lock: the file that waited finds the fresh build and skips its own.
    if (isStale()) execFileSync('npx', ['--no-install', 'vite', 'build'], { cwd: ROOT, stdio: 'pipe' })
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}
