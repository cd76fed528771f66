/** Vite's `?url` imports: the built file's URL, for assets loaded on demand (the map's stylesheet). */
declare module '*?url' {
  const url: string;
  export default url;
}
