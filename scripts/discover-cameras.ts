/**
 * `npm run cameras:discover`: finds ONVIF cameras on the local network with WS-Discovery and prints a
 * cameras.yaml stanza for each, to paste and complete. With `--username` and `--password` (or
 * `--password-env NAME`), each camera is asked for its device information (name, PTZ) over ONVIF.
 * Stanzas name the password as `passwordEnv: CAM_<ID>_PASSWORD`; no password is ever printed.
 *
 *   npm run cameras:discover -- [--timeout 3000] [--interface 192.168.1.10] [--username admin --password-env CAM_PASSWORD]
 */
import { parseArgs } from 'node:util'
import { Limiter } from '../server/cameras/async-tools.ts'
import { CameraCredentials } from '../server/cameras/camera-credentials.ts'
import { CameraFailure } from '../server/cameras/camera-failure.ts'
import { cameraStanza, suggestId, type DiscoveredCamera } from '../server/cameras/onvif/discovery-stanza.ts'
import { OnvifDevices } from '../server/cameras/onvif/onvif-devices.ts'
import { parseDeviceInfo, parseProfiles } from '../server/cameras/onvif/onvif-parse.ts'
import { probe, type ProbeMatch } from '../server/cameras/onvif/ws-discovery.ts'

const { values } = parseArgs({
  options: {
    timeout: { type: 'string', default: '3000' },
    interface: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    'password-env': { type: 'string' },
  },
})

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

const timeoutMs = Number(values.timeout)
if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000)
  fail('--timeout: milliseconds from 100 to 60000')
const password = values['password-env'] ? process.env[values['password-env']] : values.password
if (values['password-env'] && password === undefined)
  fail(`--password-env: the variable ${values['password-env']} is not set`)
const credentials = values.username && password !== undefined ? new CameraCredentials(values.username, password) : null
if (values.username && !credentials) fail('--username needs --password or --password-env')

async function ask(match: ProbeMatch, devices: OnvifDevices): Promise<DiscoveredCamera> {
  if (!credentials) return { match }
  const xaddr = new URL(match.xaddrs[0]!)
  const source = {
    id: suggestId(xaddr),
    ptz: false,
    type: 'onvif' as const,
    credentials,
    host: xaddr.hostname,
    port: Number(xaddr.port || 80),
    path: xaddr.pathname,
  }
  try {
    const cam = await devices.connect(source)
    const device = parseDeviceInfo(
      await devices.call(source, 'ONVIF GetDeviceInformation', (c, cb) => c.getDeviceInformation(cb)),
    )
    return { match, device, ptz: parseProfiles(cam.profiles).some((p) => p.ptz) }
  } catch (error) {
    return { match, problem: error instanceof CameraFailure ? error.message : String(error) }
  }
}

const started = Date.now()
let matches: ProbeMatch[]
try {
  matches = await probe({ timeoutMs, ...(values.interface ? { interfaceAddress: values.interface } : {}) })
} catch (error) {
  fail(`WS-Discovery failed: ${error instanceof Error ? error.message : String(error)}`)
}
const devices = new OnvifDevices()
const limiter = new Limiter(8)
const found = await Promise.all(matches.map((m) => limiter.run(() => ask(m, devices))))
found.sort((a, b) => a.match.xaddrs[0]!.localeCompare(b.match.xaddrs[0]!, 'en', { numeric: true }))

process.stdout.write(
  `# ${found.length} ONVIF device(s) found by WS-Discovery; paste under "cameras:" in cameras.yaml\n`,
)
for (const camera of found) process.stdout.write(`${cameraStanza(camera, values.username ?? 'admin')}\n`)
const problems = found.filter((c) => c.problem).length
process.stderr.write(
  `discovery: ${found.length} device(s) in ${((Date.now() - started) / 1000).toFixed(1)} s${credentials ? `, ${found.length - problems} answered with these credentials` : ''}\n`,
)
