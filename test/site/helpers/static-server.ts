/** The site's static server (src/lib/static-server.ts); the tests use it without GitHub Pages' headers. */
export { startStaticServer, type StaticServer } from '../../../src/lib/static-server.ts';
