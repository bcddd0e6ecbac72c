/**
 * `npm run cameras:discover` for real: inside a private network namespace (`unshare -n`, we run as root)
 * with multicast on loopback, a small fleet answers WS-Discovery and the script finds it, once without
 * and once with credentials. One camera is offline and must not be listed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const PASSWORD = 'disc-pw-7Gq'

// Each discovery listens 5 s for answers, and the fleet gets up to 60 s to start: ceilings for a loaded
// machine (answers come within ~200 ms on a quiet one).
const namespaceScript = `
set -e
ip link set lo up multicast on
ip route add 224.0.0.0/4 dev lo
log=$(mktemp)
node --import tsx fixtures/fleet/discovery/run-discovery-fleet.ts --cameras 5 --password '${PASSWORD}' --offline cam-0005 >"$log" 2>&1 &
fleet=$!
trap 'kill -TERM $fleet 2>/dev/null; wait $fleet 2>/dev/null || true; rm -f "$log"' EXIT
for i in $(seq 1 600); do grep -q 'discovery fleet ready' "$log" && break; sleep 0.1; done
grep -q 'discovery fleet ready' "$log" || { cat "$log" >&2; exit 3; }
echo '=== anonymous'
node --import tsx scripts/discover-cameras.ts --timeout 5000
echo '=== with credentials'
CAM_PW='${PASSWORD}' node --import tsx scripts/discover-cameras.ts --timeout 5000 --username admin --password-env CAM_PW
`

// Namespaces need CAP_SYS_ADMIN; say so instead of failing where it is not allowed.
const unshareAllowed = spawnSync('unshare', ['-n', 'true']).status === 0

describe.skipIf(!unshareAllowed)(
  'camera discovery in a private network namespace (skipped: unshare -n is not permitted here)',
  () => {
    it('finds every online camera of the fleet and prints a stanza for each, without any password', async () => {
      const child = spawn('unshare', ['-n', 'bash', '-c', namespaceScript], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString()
      })
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString()
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
      clearTimeout(timer)
      expect(code, stderr).toBe(0)

      const [anonymous, withCredentials] = stdout
        .split(/^=== .*$/m)
        .slice(1)
        .map((part) => parse(part) as Array<Record<string, unknown>>)
      expect(anonymous?.map((c) => [c['id'], c['name']])).toEqual([
        ['cam-0001', '测试点位1'],
        ['cam-0002', '测试点位2'],
        ['cam-0003', '测试点位3'],
        ['cam-0004', '测试点位4'],
      ])
      expect(withCredentials?.map((c) => [c['id'], c['name'], c['ptz'] ?? false])).toEqual([
        ['cam-0001', 'Sharp Eyes Fleet SE-PTZ-720 cam-0001', true],
        ['cam-0002', 'Sharp Eyes Fleet SE-BULLET-720 cam-0002', false],
        ['cam-0003', 'Sharp Eyes Fleet SE-BULLET-720 cam-0003', false],
        ['cam-0004', 'Sharp Eyes Fleet SE-BULLET-720 cam-0004', false],
      ])
      expect(withCredentials?.[0]?.['source']).toEqual({
        type: 'onvif',
        host: '127.0.0.1',
        port: expect.any(Number),
        path: '/onvif/cam-0001/device_service',
        username: 'admin',
        passwordEnv: 'CAM_0001_PASSWORD',
      })
      expect(stderr).toContain('4 answered with these credentials')
      expect(stdout + stderr).not.toContain(PASSWORD)
    }, 150_000)
  },
)
