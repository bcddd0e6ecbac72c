/**
 * Reply serializers shared by every app this process builds, keyed by the schema object. Routes declare
 * their schemas as module constants (contracts/), so a second app in the same process compiles none:
 * tests build an app per test, and fast-json-stringify compiling every route's replies was most of an
 * app's start (~1 s of CPU on a loaded machine). The server builds one app, for which nothing changes.
 * fastify's own compiler (its default) does the compiling; no schema here is shared by `$id`.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyInstance } from 'fastify'

type Serializer = ReturnType<ReturnType<ReturnType<typeof SerializerSelector>>>

const compileReply = SerializerSelector()({}, {})
const compiled = new WeakMap<object, Serializer>()

export function useSharedSerializers(app: FastifyInstance): void {
  app.setSerializerCompiler((route) => {
    let serialize = compiled.get(route.schema)
    if (!serialize) {
      serialize = compileReply({ ...route, httpStatus: String(route.httpStatus) })
      compiled.set(route.schema, serialize)
    }
    return serialize
  })
}
