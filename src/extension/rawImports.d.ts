/** Files imported as text by the extension bundle (esbuild `?raw` loader in esbuild.js). */
declare module "*?raw" {
  const text: string;
  export default text;
}
