// Lets `tsc` (npm run typecheck) see Svelte's rune globals and `import.meta.env`, and treat .svelte
// imports as components; svelte-check does the real checking of .svelte files.
/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module '*.svelte' {
  import type { Component } from 'svelte'
  const component: Component<Record<string, unknown>>
  export default component
}
