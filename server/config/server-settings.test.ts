import { describe, expect, it } from 'vitest'
import { readSettings, SettingsError } from './server-settings.ts'

describe('settings from the environment', () => {
  it('defaults: no proxy trusted, no other origin, nobody may frame the app', () => {
    expect(readSettings({})).toMatchObject({ trustProxy: false, allowedOrigins: [], frameAncestors: [] })
  })

  it.each([
    ['1', 1],
    ['off', false],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, ::1', ['10.0.0.0/8', '::1']],
  ])('TRUST_PROXY=%s', (raw, expected) => {
    expect(readSettings({ TRUST_PROXY: raw }).trustProxy).toEqual(expected)
  })

  it('origins are normalised and anything else is refused with the variable named', () => {
    expect(readSettings({ ALLOWED_ORIGINS: 'https://wall.example.org/, http://10.1.1.5:8080' }).allowedOrigins).toEqual(
      ['https://wall.example.org', 'http://10.1.1.5:8080'],
    )
    expect(() => readSettings({ ALLOWED_ORIGINS: 'wall.example.org' })).toThrow(
      new SettingsError('ALLOWED_ORIGINS: "wall.example.org" is not an origin such as https://wall.example.org'),
    )
    expect(() => readSettings({ FRAME_ANCESTORS: 'https://portal.example.org/embed' })).toThrow(/FRAME_ANCESTORS/)
    expect(() => readSettings({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/)
  })

  it('LOG_FORMAT: pretty at a terminal, JSON otherwise, unless set', () => {
    expect(readSettings({}, true).logFormat).toBe('pretty')
    expect(readSettings({}, false).logFormat).toBe('json')
    expect(readSettings({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json')
    expect(() => readSettings({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT: auto, pretty or json, got "xml"')
  })

  it('PASSWORD_HASH_N: 2^15 unless lowered, a power of two, never raised past what verifying allows', () => {
    expect(readSettings({}).passwordHashN).toBe(32768)
    expect(readSettings({ PASSWORD_HASH_N: '1024' }).passwordHashN).toBe(1024)
    expect(() => readSettings({ PASSWORD_HASH_N: '3000' })).toThrow(
      'PASSWORD_HASH_N: must be a power of two, got "3000"',
    )
    expect(() => readSettings({ PASSWORD_HASH_N: '65536' })).toThrow(
      'PASSWORD_HASH_N: must be a whole number from 1024 to 32768, got "65536"',
    )
  })

  it("RECORDED_CLIP_BEFORE_S: a minute unless set, never under the memory clip's 10 s", () => {
    expect(readSettings({}).recordedClipBeforeSeconds).toBe(60)
    expect(readSettings({ RECORDED_CLIP_BEFORE_S: '15' }).recordedClipBeforeSeconds).toBe(15)
    expect(() => readSettings({ RECORDED_CLIP_BEFORE_S: '5' })).toThrow(
      'RECORDED_CLIP_BEFORE_S: must be a whole number from 10 to 600, got "5"',
    )
  })

  it('PATROL_MIN_DWELL_S: 10 s unless set, 0 counts any look, anything else is refused with the variable named', () => {
    expect(readSettings({}).patrolMinDwellSeconds).toBe(10)
    expect(readSettings({ PATROL_MIN_DWELL_S: '0' }).patrolMinDwellSeconds).toBe(0)
    expect(() => readSettings({ PATROL_MIN_DWELL_S: '5s' })).toThrow(
      'PATROL_MIN_DWELL_S: must be a whole number from 0 to 3600, got "5s"',
    )
  })
})
