import { describe, expect, it } from 'vitest'
import { uidOfConnection } from './peer-uid.ts'

// 127.0.0.1:40123 (0x9CBB) is the relay; 127.0.0.1:51000 (0xC738) and :51001 (0xC739) are clients.
const table = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:9CBB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 296324 1',
  '   1: 0100007F:9CBB 0100007F:C738 01 00000000:00000000 00:00000000 00000000     0        0 296400 1',
  '   2: 0100007F:C738 0100007F:9CBB 01 00000000:00000000 00:00000000 00000000  1000        0 296399 1',
  '   3: 0100007F:C739 0100007F:9CBB 01 00000000:00000000 00:00000000 00000000     0        0 296401 1',
].join('\n')

describe('uidOfConnection', () => {
  it.each([
    ["the client end of another user's connection names that user", 51000, 40123, 1000],
    ["the client end of the server user's own connection names it", 51001, 40123, 0],
    ['a connection the table does not list is unknown', 52000, 40123, undefined],
  ])('%s', (_name, clientPort, serverPort, expected) => {
    expect(uidOfConnection(table, clientPort, serverPort)).toBe(expected)
  })
})
