/**
 * The demo recording: trouble spots around the clock, school gates at school hours, construction sites
 * at night, all on the sub stream (a few dozen `-c copy` streams, which a 2-core machine carries).
 */
import type { CameraDefinition } from '../../server/contracts/camera-config.ts'
import type { RecordingSettings } from '../../server/contracts/recording.ts'

const WEEKDAYS = [1, 2, 3, 4, 5]
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]

export function demoRecording(cameras: CameraDefinition[]): RecordingSettings {
  const first = (category: string, count: number, except: string[] = []): string[] =>
    cameras
      .filter((c) => c.categories.includes(category) && !except.some((other) => c.categories.includes(other)))
      .map((c) => c.id)
      .slice(0, count)
  return {
    quota: '20GiB',
    rules: [
      {
        id: 'trouble-spots',
        cameras: first('trouble-spot', 16),
        quality: 'sub',
        schedule: 'always',
        retentionDays: 7,
      },
      {
        id: 'school-gates',
        cameras: first('school', 8, ['intersection']),
        quality: 'sub',
        schedule: [
          { days: WEEKDAYS, from: '07:00', to: '08:30' },
          { days: WEEKDAYS, from: '11:30', to: '12:30' },
          { days: WEEKDAYS, from: '16:30', to: '18:00' },
        ],
        retentionDays: 30,
      },
      {
        id: 'construction-sites',
        categories: ['construction'],
        quality: 'sub',
        schedule: [
          { days: EVERY_DAY, from: '00:00', to: '06:00' },
          { days: EVERY_DAY, from: '20:00', to: '24:00' },
        ],
        retentionDays: 7,
      },
    ],
  }
}
