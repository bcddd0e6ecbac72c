// Lets `tsc` (npm run typecheck) see Svelte's rune globals and `import.meta.env`, and treat .svelte
// imports as components; svelte-check does the real checking of .svelte files.
/* eslint-disable @typescript-eslint/triple-slash-reference -- an ambient declaration file has no imports */
/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module '*.svelte' {
  import type { Component } from 'svelte'
  const component: Component<Record<string, unknown>>
  export default component
}

// hls.js ships types for its full build only; the light build has the same API minus subtitles, audio
// tracks and DRM.
declare module 'hls.js/light' {
  import Hls from 'hls.js'
  export default Hls
}
