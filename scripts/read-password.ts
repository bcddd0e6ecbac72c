/** A password from standard input: asked twice without echo on a terminal, else the first line of the pipe. */
import { createInterface } from 'node:readline'

async function ask(prompt: string): Promise<string> {
  process.stderr.write(prompt)
  const stdin = process.stdin
  stdin.setRawMode(true)
  stdin.resume()
  let typed = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false)
          stdin.pause()
          stdin.off('data', onData)
          process.stderr.write('\n')
          resolve(typed)
          return
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false)
          reject(new Error('cancelled'))
          return
        }
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch
      }
    }
    stdin.on('data', onData)
  })
}

export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await ask('password: ')
    const second = await ask('again: ')
    if (first !== second) throw new Error('the two passwords differ')
    return first
  }
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    lines.close()
    return line
  }
  return ''
}
