/** `GET /api/config`: what the web app needs to label and group things; no camera sources. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PublicConfig } from '../contracts/api.ts'
import type { CameraConfig } from '../contracts/camera-config.ts'
import { ErrorReplies } from '../contracts/replies.ts'

export const siteRoutes: FastifyPluginAsyncTypebox<{ config: CameraConfig; timeZone: string }> = async (
  app,
  { config, timeZone },
) => {
  const body: PublicConfig = {
    cameraCategories: config.cameraCategories,
    eventCategories: config.eventCategories,
    communities: config.communities,
    grids: config.grids,
    departments: config.departments,
    timeZone,
  }
  app.get('/api/config', { schema: { response: { 200: PublicConfig, ...ErrorReplies } } }, async () => body)
}
