/**
 * The kiosk's pairing link, `GET /wall/pair?code=`: a good code turns the browser into the device's
 * session and sends it to its monitor; a bad one answers a page a person reads on the wall (Chinese,
 * then English), never JSON.
 */
import type { FastifyPluginAsync } from 'fastify'
import { SESSION_COOKIE } from '../auth/auth-plugin.ts'
import { mediaReply, NoContent } from '../contracts/replies.ts'
import type { Redeemed } from './wall-devices-repository.ts'
import { DEVICE_SESSION_MS, type WallPairing } from './wall-pairing.ts'

type Failure = Extract<Redeemed, { ok: false }>['reason']

const REASONS: Record<Failure, { status: number; zh: string; en: string }> = {
  unknown: { status: 400, zh: '配对码无效。', en: 'This pairing code is not valid.' },
  used: { status: 410, zh: '配对码已被使用过。', en: 'This pairing code has already been used.' },
  expired: {
    status: 410,
    zh: '配对码已过期(有效期10分钟)。',
    en: 'This pairing code has expired (codes last 10 minutes).',
  },
  revoked: { status: 410, zh: '此设备已被撤销。', en: 'This device has been revoked.' },
}

function failurePage(reason: Failure): string {
  const { zh, en } = REASONS[reason]
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>大屏配对失败 / Wall pairing failed</title>
<style>body{font-family:sans-serif;background:#111;color:#eee;display:grid;place-items:center;height:100vh;margin:0}
main{max-width:40em;text-align:center}h1{font-size:2em}p{font-size:1.4em}</style></head>
<body><main>
<h1>大屏配对失败</h1><p>${zh}请在服务器上运行 <code>npm run wall -- pair &lt;大屏&gt;</code> 获取新的配对链接。</p>
<h1 lang="en">Wall pairing failed</h1><p lang="en">${en} Run <code>npm run wall -- pair &lt;monitor&gt;</code> on the server for a new pairing link.</p>
</main></body>
</html>
`
}

export const pairingPage: FastifyPluginAsync<{ pairing: WallPairing }> = async (app, { pairing }) => {
  app.get<{ Querystring: { code?: string } }>(
    '/wall/pair',
    {
      config: { access: 'public' },
      schema: {
        response: {
          302: { ...NoContent, description: 'paired: on to the wall page, with a device session' },
          '4xx': mediaReply('a page saying why pairing failed, for a person at the wall', 'text/html'),
        },
      },
    },
    async (request, reply) => {
      const code = typeof request.query.code === 'string' ? request.query.code.slice(0, 100) : ''
      const result = code
        ? pairing.redeem(code, { ip: request.ip, userAgent: request.headers['user-agent'] })
        : ({ ok: false, reason: 'unknown' } as const)
      if (!result.ok) {
        const { status } = REASONS[result.reason]
        return reply
          .status(status)
          .type('text/html; charset=utf-8')
          .header('Cache-Control', 'no-store')
          .send(failurePage(result.reason))
      }
      reply.setCookie(SESSION_COOKIE, result.token!, { ...app.cookieOptions, maxAge: DEVICE_SESSION_MS / 1000 })
      return reply
        .header('Cache-Control', 'no-store')
        .redirect(`/wall?monitor=${encodeURIComponent(result.device.monitor)}`)
    },
  )
}
