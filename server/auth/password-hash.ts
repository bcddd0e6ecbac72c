/**
 * scrypt password hashes in a self-describing string, `scrypt$N$r$p$salt$hash`, so the cost can be raised
 * later without breaking existing accounts.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)))
  })

/**
 * scrypt's N for new hashes (PASSWORD_HASH_N may only lower it). 2^15 takes ~60 ms on an idle core: slow
 * for a guesser, unnoticeable at a login. Tests lower it: on a loaded 2-core machine one hash takes
 * 0.4-0.9 s, and the suite signs in hundreds of times. maxmem must cover 128*N*r bytes.
 */
export const DEFAULT_HASH_N = 32768
const R = 8
const P = 1
const MAXMEM = 64 * 1024 * 1024
const KEY_LENGTH = 32

export async function hashPassword(password: string, n: number = DEFAULT_HASH_N): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: MAXMEM })
  return ['scrypt', n, R, P, salt.toString('base64'), key.toString('base64')].join('$')
}

/** A hash no password matches, at cost `n`: checked for unknown users so timing does not reveal usernames. */
export function unmatchableHash(n: number = DEFAULT_HASH_N): string {
  return `scrypt$${n}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  })
  return timingSafeEqual(key, expected)
}

/** Passwords people choose for a 24/7 console must at least not be trivial. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters long'
  if (password.length > 256) return 'must be at most 256 characters long'
  return null
}
