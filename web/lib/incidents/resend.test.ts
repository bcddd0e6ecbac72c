import { describe, expect, it } from 'vitest'
import type { Incident } from '../../../server/contracts/incidents.ts'
import { ApiError } from '../api-client.ts'
import { incident } from './fixtures.ts'
import { sendAtStage } from './resend.ts'

const stale = (): ApiError =>
  new ApiError(
    409,
    {
      statusCode: 409,
      error: 'Conflict',
      code: 'incident.stale-version',
      params: { incident: 'SJ-20261127-0001' },
      message: 'incident SJ-20261127-0001 changed since you loaded it (version 3, not 2); reload and try again',
    },
    '/api/incidents/1/transitions',
  )

describe('sending a step after background evidence', () => {
  it('sends once with the version shown when nothing changed', async () => {
    const sent: number[] = []
    const result = await sendAtStage(
      incident({ version: 1 }),
      'reported',
      async (v) => {
        sent.push(v)
        return incident({ stage: 'accepted', version: 2 })
      },
      async () => incident(),
    )
    expect(sent).toEqual([1])
    expect(result.stage).toBe('accepted')
  })

  it('resends with the current version when only the evidence moved it on', async () => {
    const sent: number[] = []
    const send = async (v: number): Promise<Incident> => {
      sent.push(v)
      if (v === 1) throw stale()
      return incident({ stage: 'accepted', version: 4 })
    }
    await sendAtStage(incident({ version: 1 }), 'reported', send, async () =>
      incident({ version: 3, hasSnapshot: true }),
    )
    expect(sent).toEqual([1, 3])
  })

  it('keeps the 409 when someone moved the stage meanwhile', async () => {
    const sent: number[] = []
    const send = async (v: number): Promise<Incident> => {
      sent.push(v)
      throw stale()
    }
    await expect(
      sendAtStage(incident({ version: 1 }), 'reported', send, async () => incident({ stage: 'accepted', version: 2 })),
    ).rejects.toThrow('changed since')
    expect(sent).toEqual([1])
  })

  it('does not retry other errors', async () => {
    let reloads = 0
    const send = async (): Promise<Incident> => {
      throw new ApiError(
        403,
        {
          statusCode: 403,
          error: 'Forbidden',
          code: 'incident.forbidden-role',
          params: { action: 'accept', role: 'wall' },
          message: 'accept needs the role operator or supervisor or admin; you are wall',
        },
        '/api/incidents/1/transitions',
      )
    }
    await expect(
      sendAtStage(incident(), 'reported', send, async () => {
        reloads += 1
        return incident()
      }),
    ).rejects.toThrow('accept needs the role')
    expect(reloads).toBe(0)
  })
})
