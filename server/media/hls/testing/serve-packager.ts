/**
 * A minimal HTTP front for one packager, on 127.0.0.1 and a free port, for tests that point ffprobe,
 * ffmpeg or a browser at it. It maps answers the way the real route should: ok 200, bad-request 400,
 * timeout 503, gone and unknown names 404.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LivePackager } from '../live-packager.ts'
import { playlistContentType } from '../playlist-renderer.ts'

function count(value: string | null): number | undefined | 'invalid' {
  if (value === null) return undefined
  return /^(0|[1-9][0-9]{0,11})$/.test(value) ? Number(value) : 'invalid'
}

export async function servePackager(packager: LivePackager): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const name = url.pathname.slice(1)
    const send = (status: number, body: string | Buffer = '', type = 'text/plain') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' })
      response.end(body)
    }
    if (name === 'index.m3u8') {
      const msn = count(url.searchParams.get('_HLS_msn'))
      const part = count(url.searchParams.get('_HLS_part'))
      if (msn === 'invalid' || part === 'invalid') return send(400)
      void packager.answerPlaylist({ msn, part }, packager.blockingTimeoutMs()).then((answer) => {
        if (answer.status === 'ok') send(200, answer.body, playlistContentType)
        else send(answer.status === 'bad-request' ? 400 : answer.status === 'timeout' ? 503 : 404)
      })
      return
    }
    void packager
      .resource(name, packager.blockingTimeoutMs())
      .then((resource) => (resource ? send(200, resource.body, resource.contentType) : send(404)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/index.m3u8`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
