/**
 * A fresh Idempotency-Key: 128 random bits in hex. getRandomValues, not randomUUID: the console is often
 * served over plain HTTP inside the office network, where randomUUID (secure contexts only) is missing.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
