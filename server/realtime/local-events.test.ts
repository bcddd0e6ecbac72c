import { describe, expect, it } from 'vitest'
import type { CameraStatusEvent } from '../contracts/realtime-events.ts'
import { LocalEvents } from './local-events.ts'

const down: CameraStatusEvent = {
  cameraId: 'cam-0002',
  status: 'offline',
  since: '2026-12-03T07:00:00Z',
  detail: null,
  reasonCode: null,
}

describe('local events', () => {
  it('delivers an event to its listeners only, until they unsubscribe', () => {
    const events = new LocalEvents()
    const seen: string[] = []
    const off = events.on('camera:status', (e) => seen.push(e.cameraId))
    events.on('tour:due', (e) => seen.push(e.tourName))
    events.emit('camera:status', down, () => {})
    off()
    events.emit('camera:status', { ...down, cameraId: 'cam-0003' }, () => {})
    expect(seen).toEqual(['cam-0002'])
  })

  it('a listener that throws is reported and the others still run', () => {
    const events = new LocalEvents()
    const errors: unknown[] = []
    const seen: string[] = []
    events.on('camera:status', () => {
      throw new Error('broken listener')
    })
    events.on('camera:status', (e) => seen.push(e.cameraId))
    events.emit('camera:status', down, (error) => errors.push(error))
    expect(seen).toEqual(['cam-0002'])
    expect(errors).toEqual([new Error('broken listener')])
  })
})
