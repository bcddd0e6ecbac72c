/**
 * The RTMP ingest, a child process of the server: node-media-server 4 receiving the streams that push
 * cameras publish to rtmp://<server>:<port>/live/<streamKey>. It runs apart because node-media-server keeps
 * its configuration in a process-wide singleton, logs to stdout and calls process.exit() when its port is
 * taken; none of that may touch the server. Publishing with a key no camera has is cut off; playing needs
 * a URL signed with RTMP_PLAY_SECRET (only the server has it).
 * Prints `rtmp ready port=<port>` once it listens.
 */
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'

const require = createRequire(import.meta.url)

interface NmsSession {
  streamPath?: string
  ip?: string
  close(): void
}
interface NodeMediaServerLike {
  on(event: 'postPublish' | 'donePublish', listener: (session: NmsSession) => void): void
  run(): Promise<void>
  stop(): Promise<void>
  rtmpServer: { tcpServer?: { address(): { port: number } | string | null } }
}

const { values } = parseArgs({
  options: { host: { type: 'string' }, port: { type: 'string' }, 'store-dir': { type: 'string' } },
})
const secret = process.env['RTMP_PLAY_SECRET'] ?? ''
const keys = new Set(
  (JSON.parse(process.env['RTMP_STREAM_KEYS'] ?? '[]') as unknown[]).filter((k): k is string => typeof k === 'string'),
)
if (secret.length < 16) {
  process.stderr.write('RTMP_PLAY_SECRET must be set (16+ characters)\n')
  process.exit(2)
}

const NodeMediaServer = require('node-media-server') as new (config: object) => NodeMediaServerLike
const logger = require('node-media-server/src/core/logger.js') as { level: string }
const nms = new NodeMediaServer({
  bind: values.host ?? '0.0.0.0',
  rtmp: { port: Number(values.port ?? 1935) },
  auth: { play: true, publish: false, secret },
  store: { path: values['store-dir'] ?? './data/rtmp-ingest' },
  record: { auto: false },
})
// Its constructor forces "debug"; warnings are enough, and they reach the server's log through stderr.
logger.level = 'warn'

nms.on('postPublish', (session) => {
  const key = session.streamPath?.split('/')[2] ?? ''
  if (session.streamPath?.startsWith('/live/') && keys.has(key)) return
  process.stderr.write(`refused a publish with an unknown stream key from ${session.ip ?? 'unknown address'}\n`)
  session.close()
})

await nms.run()
const started = Date.now()
while (Date.now() - started < 10_000) {
  const address = nms.rtmpServer.tcpServer?.address()
  if (address && typeof address === 'object') {
    console.log(`rtmp ready port=${address.port}`)
    break
  }
  await new Promise((r) => setTimeout(r, 20))
}

const shutdown = (): void => {
  nms.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
