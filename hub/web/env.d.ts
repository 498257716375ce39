/** Stylesheets are bundled by esbuild into citizen.css; importing one has no value. */
declare module '*.css';
