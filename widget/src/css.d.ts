// styles.css is bundled as text (esbuild's `text` loader): its import is the stylesheet's source.
declare module "*.css" {
  const text: string;
  export default text;
}
