/**
 * Renders the home-screen icons (web/public/icons/*.png) from their SVG sources with the system Chromium.
 * The PNGs are committed; run this after changing an SVG: `npx tsx scripts/render-app-icons.ts`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchBrowser } from '../server/testing/browser.ts'

const ICONS = join(import.meta.dirname, '..', 'web', 'public', 'icons')
const RENDERS = [
  { source: 'icon.svg', size: 192, output: 'icon-192.png' },
  { source: 'icon.svg', size: 512, output: 'icon-512.png' },
  { source: 'icon-maskable.svg', size: 512, output: 'icon-maskable-512.png' },
]

const chromium = await launchBrowser()
try {
  for (const { source, size, output } of RENDERS) {
    const page = await chromium.browser.newPage({ viewport: { width: size, height: size } })
    const svg = readFileSync(join(ICONS, source), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `)
    await page.setContent(`<body style="margin:0">${svg}</body>`)
    await page.screenshot({ path: join(ICONS, output), omitBackground: true })
    await page.close()
    console.log(`${output}: ${size}x${size} from ${source}`)
  }
} finally {
  await chromium.close()
}
