/**
 * WS-Discovery (2005/04, as ONVIF uses it) from the client side: a Probe for dn:NetworkVideoTransmitter
 * sent to 239.255.255.250:3702, and the ProbeMatches that devices send back (unicast, each after a random
 * delay of up to 500 ms). Parsing is pure and tolerant of namespace prefixes; answers that do not parse
 * are skipped, never trusted.
 */
import { randomUUID } from 'node:crypto'
import { createSocket } from 'node:dgram'

export const DISCOVERY_ADDRESS = '239.255.255.250'
export const DISCOVERY_PORT = 3702

export interface ProbeMatch {
  /** The device's stable identity (EndpointReference Address), usually urn:uuid:... */
  endpoint: string
  /** Device service addresses (http://host[:port]/path). */
  xaddrs: string[]
  scopes: string[]
  types: string[]
}

export function buildProbe(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"' +
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<s:Header><a:MessageID>${messageId}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  )
}

const prefix = '(?:[\\w.-]+:)?'
const decode = (text: string): string =>
  text.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '',
  )

/** Every element with this local name, whatever its prefix: its inner text. */
export function xmlElements(xml: string, localName: string): string[] {
  const pattern = new RegExp(`<${prefix}${localName}(?:\\s[^>]*)?>([\\s\\S]*?)</${prefix}${localName}>`, 'g')
  return [...xml.matchAll(pattern)].map((m) => m[1] ?? '')
}

const words = (text: string | undefined): string[] =>
  decode(text ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)

/** The RelatesTo of an answer (which Probe it answers), if any. */
export const relatesTo = (xml: string): string | undefined => xmlElements(xml, 'RelatesTo')[0]?.trim()

export function parseProbeMatches(xml: string): ProbeMatch[] {
  return xmlElements(xml, 'ProbeMatch').flatMap((match): ProbeMatch[] => {
    const endpoint = decode(xmlElements(xmlElements(match, 'EndpointReference')[0] ?? '', 'Address')[0] ?? '').trim()
    const xaddrs = words(xmlElements(match, 'XAddrs')[0]).filter((x) => /^https?:\/\//i.test(x) && URL.canParse(x))
    if (!endpoint || xaddrs.length === 0) return []
    return [
      {
        endpoint,
        xaddrs,
        scopes: words(xmlElements(match, 'Scopes')[0]),
        types: words(xmlElements(match, 'Types')[0]),
      },
    ]
  })
}

export interface ProbeOptions {
  timeoutMs: number
  /** Local interface address for the multicast (default: the kernel's choice). */
  interfaceAddress?: string
  /** Where to send the Probe (tests may aim at one host). */
  address?: string
  port?: number
}

/** Sends one Probe and collects answers for `timeoutMs`; one entry per device endpoint. */
export function probe(o: ProbeOptions): Promise<ProbeMatch[]> {
  const messageId = `urn:uuid:${randomUUID()}`
  const found = new Map<string, ProbeMatch>()
  const socket = createSocket({ type: 'udp4', reuseAddr: true })
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => {
      socket.close()
      reject(error)
    })
    socket.on('message', (message) => {
      const xml = message.toString('utf8')
      const related = relatesTo(xml)
      // Answers to someone else's Probe are not ours.
      if (related !== undefined && related !== messageId) return
      for (const match of parseProbeMatches(xml)) if (!found.has(match.endpoint)) found.set(match.endpoint, match)
    })
    socket.bind(0, () => {
      if (o.interfaceAddress) socket.setMulticastInterface(o.interfaceAddress)
      const body = Buffer.from(buildProbe(messageId))
      socket.send(body, o.port ?? DISCOVERY_PORT, o.address ?? DISCOVERY_ADDRESS, (error) => {
        if (error) {
          socket.close()
          reject(error)
        }
      })
      setTimeout(() => {
        socket.close()
        resolve([...found.values()])
      }, o.timeoutMs)
    })
  })
}
