/**
 * The patrol log (which camera was on whose screen, from when to when: the viewing audit) and the
 * coverage report built from it, on screen and as CSV. For operators, supervisors and admins.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Role } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import type { Quality } from '../contracts/media.ts'
import { CoverageReport, PatrolLog, PatrolLogQuery } from '../contracts/patrol.ts'
import { ErrorReplies, mediaReply } from '../contracts/replies.ts'
import { BadRequestError } from '../http/http-errors.ts'
import { coverageReport, type ViewingInterval } from './coverage.ts'
import { coverageCsv, csvLanguage, type CsvLanguage } from './coverage-csv.ts'

const READERS: readonly Role[] = ['admin', 'supervisor', 'operator']
const MAX_ENTRIES = 2000

interface SessionRow {
  username: string
  camera_id: string
  quality: Quality
  started_at: string
  ended_at: string | null
}

const CoverageQuery = Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })) })
const CoverageCsvQuery = Type.Object({
  hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  /** The web's UI language; without it, the browser's Accept-Language decides. */
  lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
})

export interface PatrolLogOptions {
  config: CameraConfig
  timeZone: string
  minDwellSeconds: number
}

/** A configured name in the reader's language (English falls back to the Chinese name). */
const namer =
  (list: readonly { id: string; name: string; nameEn?: string }[], language: CsvLanguage) =>
  (id: string): string => {
    const item = list.find((x) => x.id === id)
    return (language === 'en' ? item?.nameEn : undefined) ?? item?.name ?? id
  }

export const patrolLogRoutes: FastifyPluginAsyncTypebox<PatrolLogOptions> = async (
  app,
  { config, timeZone, minDwellSeconds },
) => {
  // Sessions overlapping [from, to]: started before its end, not ended before its start.
  const overlapping = app.db.prepare<[string, string], SessionRow>(`
    SELECT username, camera_id, quality, started_at, ended_at FROM viewing_sessions
    WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at DESC`)

  app.get(
    '/api/patrol/log',
    {
      config: { access: READERS },
      schema: {
        querystring: PatrolLogQuery,
        response: { 200: PatrolLog, ...ErrorReplies },
      },
    },
    async (request) => {
      const to = request.query.to ? new Date(request.query.to) : new Date()
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 24 * 3600_000)
      if (from >= to) throw new BadRequestError('patrol-log.range-reversed', {}, 'from must be before to')
      const rows = overlapping
        .all(to.toISOString(), from.toISOString())
        .filter(
          (r) =>
            (!request.query.username || r.username === request.query.username) &&
            (!request.query.cameraId || r.camera_id === request.query.cameraId),
        )
      return {
        entries: rows.slice(0, MAX_ENTRIES).map((r) => ({
          username: r.username,
          cameraId: r.camera_id,
          quality: r.quality,
          startedAt: r.started_at,
          endedAt: r.ended_at,
        })),
        truncated: rows.length > MAX_ENTRIES,
      }
    },
  )

  const report = (hours: number): CoverageReport => {
    const now = Date.now()
    const sessions: ViewingInterval[] = overlapping
      .all(new Date(now).toISOString(), new Date(now - hours * 3600_000).toISOString())
      .map((r) => ({
        username: r.username,
        cameraId: r.camera_id,
        startMs: Date.parse(r.started_at),
        endMs: r.ended_at === null ? null : Date.parse(r.ended_at),
      }))
    return coverageReport({
      sessions,
      cameras: app.cameras.list(),
      hours,
      now,
      minDwellMs: minDwellSeconds * 1000,
      categoryOrder: config.cameraCategories.map((c) => c.id),
      communityOrder: config.communities.map((c) => c.id),
    })
  }

  app.get(
    '/api/patrol/coverage',
    {
      config: { access: READERS },
      schema: { querystring: CoverageQuery, response: { 200: CoverageReport, ...ErrorReplies } },
    },
    async (request) => report(request.query.hours ?? 8),
  )

  app.get(
    '/api/patrol/coverage.csv',
    {
      config: { access: READERS },
      schema: {
        querystring: CoverageCsvQuery,
        response: { 200: mediaReply('the coverage report as CSV', 'text/csv'), ...ErrorReplies },
      },
    },
    async (request, reply) => {
      const hours = request.query.hours ?? 8
      const language = csvLanguage(request.query.lang, request.headers['accept-language'])
      const csv = coverageCsv(report(hours), {
        language,
        timeZone,
        names: { category: namer(config.cameraCategories, language), community: namer(config.communities, language) },
      })
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="patrol-coverage-${hours}h.csv"`)
        .header('Content-Language', language)
        .header('Vary', 'Accept-Language')
        .send(csv)
    },
  )
}
