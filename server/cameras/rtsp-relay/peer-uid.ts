/**
 * Which local user opened a loopback TCP connection, from /proc/net/tcp (Linux): the relay serves only
 * the server's own user, so a token read from ffmpeg's command line is of no use to another account.
 */
import { readFileSync } from 'node:fs'

/**
 * The uid owning the client end of the connection from 127.0.0.1:`clientPort` to 127.0.0.1:`serverPort`,
 * found in the text of /proc/net/tcp; undefined when the table does not list it.
 */
export function uidOfConnection(procNetTcp: string, clientPort: number, serverPort: number): number | undefined {
  const local = `0100007F:${hexPort(clientPort)}`
  const remote = `0100007F:${hexPort(serverPort)}`
  for (const line of procNetTcp.split('\n').slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...
    const fields = line.trim().split(/\s+/)
    if (fields[1] === local && fields[2] === remote) return Number(fields[7])
  }
  return undefined
}

const hexPort = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0')

/** The uid of the loopback peer, or undefined where /proc cannot say (not Linux, or the peer is gone). */
export function peerUid(clientPort: number | undefined, serverPort: number): number | undefined {
  if (clientPort === undefined) return undefined
  try {
    return uidOfConnection(readFileSync('/proc/net/tcp', 'utf8'), clientPort, serverPort)
  } catch {
    return undefined
  }
}
