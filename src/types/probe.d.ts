/** Vite's `?url` imports (the probe page's WebAssembly binaries): the emitted file's URL. */
declare module '*?url' {
  const url: string;
  export default url;
}
