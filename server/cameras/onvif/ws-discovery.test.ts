import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { cameraStanza, passwordEnvFor, scopeValue, suggestId } from './discovery-stanza.ts'
import { buildProbe, parseProbeMatches, relatesTo, xmlElements } from './ws-discovery.ts'

const answer = (body: string) =>
  '<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope">' +
  '<SOAP-ENV:Header><wsa:RelatesTo>urn:uuid:probe-1</wsa:RelatesTo></SOAP-ENV:Header>' +
  `<SOAP-ENV:Body><d:ProbeMatches>${body}</d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>`
const match = (address: string, xaddrs: string, scopes = '') =>
  '<d:ProbeMatch><wsa:EndpointReference>' +
  `<wsa:Address>${address}</wsa:Address></wsa:EndpointReference><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>` +
  `<d:Scopes>${scopes}</d:Scopes><d:XAddrs>${xaddrs}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>`

describe('WS-Discovery messages', () => {
  it('a Probe asks for network video transmitters under its own message id', () => {
    const probe = buildProbe('urn:uuid:abc')
    expect(xmlElements(probe, 'MessageID')).toEqual(['urn:uuid:abc'])
    expect(xmlElements(probe, 'Types')).toEqual(['dn:NetworkVideoTransmitter'])
  })

  it('reads every ProbeMatch with its addresses and scopes, whatever the prefixes', () => {
    const xml = answer(
      match(
        'urn:uuid:1',
        'http://10.0.0.5/onvif/device_service http://[fe80::1]/onvif/device_service',
        'onvif://www.onvif.org/name/Gate%20East onvif://www.onvif.org/hardware/DS-2CD',
      ) + match('urn:uuid:2', 'http://10.0.0.6:8080/onvif/device_service'),
    )
    expect(relatesTo(xml)).toBe('urn:uuid:probe-1')
    expect(parseProbeMatches(xml)).toEqual([
      {
        endpoint: 'urn:uuid:1',
        xaddrs: ['http://10.0.0.5/onvif/device_service', 'http://[fe80::1]/onvif/device_service'],
        scopes: ['onvif://www.onvif.org/name/Gate%20East', 'onvif://www.onvif.org/hardware/DS-2CD'],
        types: ['dn:NetworkVideoTransmitter', 'tds:Device'],
      },
      {
        endpoint: 'urn:uuid:2',
        xaddrs: ['http://10.0.0.6:8080/onvif/device_service'],
        scopes: [],
        types: ['dn:NetworkVideoTransmitter', 'tds:Device'],
      },
    ])
  })

  it('skips a match without an endpoint or without an http address', () => {
    expect(
      parseProbeMatches(answer(match('', 'http://10.0.0.5/x') + match('urn:uuid:3', 'ftp://10.0.0.5/x not-a-url'))),
    ).toEqual([])
    expect(parseProbeMatches('garbage')).toEqual([])
  })
})

describe('a cameras.yaml stanza for a discovered device', () => {
  it.each([
    ['an id in the service path is kept', 'http://127.0.0.1:8580/onvif/cam-0042/device_service', 'cam-0042'],
    ['a plain camera is named after its address', 'http://192.168.1.64/onvif/device_service', 'cam-192-168-1-64'],
    ['a non-standard port is part of the id', 'http://10.0.0.6:8080/onvif/device_service', 'cam-10-0-0-6-8080'],
  ])('%s', (_name, xaddr, id) => {
    expect(suggestId(new URL(xaddr))).toBe(id)
  })

  it('names the password variable after the id', () => {
    expect(passwordEnvFor('cam-0042')).toBe('CAM_0042_PASSWORD')
    expect(passwordEnvFor('cam-192-168-1-64')).toBe('CAM_192_168_1_64_PASSWORD')
  })

  it('gives host, port, path and passwordEnv, takes the name from the device, and never holds a password', () => {
    const stanza = cameraStanza(
      {
        match: {
          endpoint: 'urn:uuid:1',
          xaddrs: ['http://10.0.0.6:8080/onvif/device_service'],
          scopes: ['onvif://www.onvif.org/name/Gate%20East'],
          types: [],
        },
        device: {
          manufacturer: 'Acme',
          model: 'X1',
          serialNumber: 'S9',
          firmwareVersion: undefined,
          hardwareId: undefined,
        },
        ptz: true,
      },
      'admin',
    )
    const [camera] = parse(stanza) as Array<Record<string, unknown>>
    expect(camera).toEqual({
      id: 'cam-10-0-0-6-8080',
      name: 'Acme X1 S9',
      categories: ['change-me'],
      community: 'change-me',
      grid: 'change-me',
      location: { lat: 0, lng: 0 },
      ptz: true,
      source: {
        type: 'onvif',
        host: '10.0.0.6',
        port: 8080,
        path: '/onvif/device_service',
        username: 'admin',
        passwordEnv: 'CAM_10_0_0_6_8080_PASSWORD',
      },
    })
    expect(stanza).toContain('# urn:uuid:1')
  })

  it('falls back to the name scope without credentials', () => {
    expect(scopeValue(['onvif://www.onvif.org/name/%E4%B8%9C%E9%97%A8'], 'name')).toBe('东门')
  })
})
