/** The URLs of the Korean web font faces a Korean page preloads (src/site/korean-font.ts). */
declare module 'virtual:atlas/korean-font-preloads' {
  const urls: readonly string[];
  export default urls;
}
