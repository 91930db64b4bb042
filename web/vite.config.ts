// The hosted pages' build. latchkey's CMake embeds exactly three files from the output
// directory (index.html, assets/app.js, assets/app.css), so names are fixed and nothing is
// split or emitted besides them (web/README.md, "Build contract").
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

export default defineConfig({
  plugins: [preact()],
  // Nothing is copied from a public/ directory: every served file is one of the three.
  publicDir: false,
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    cssCodeSplit: false,
    // The polyfill would be an inline-free but extra module; the CSP and the budget want none.
    modulePreload: { polyfill: false },
    // Keep every asset a file we ship (there are none besides the CSS); never inline fonts.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        entryFileNames: "assets/app.js",
        chunkFileNames: "assets/app.js",
        assetFileNames: (info) => (info.name?.endsWith(".css") ? "assets/app.css" : "assets/[name][extname]"),
        inlineDynamicImports: true,
      },
    },
  },
  server: {
    // Development: the API comes from a latchkey running on its default port (web/README.md).
    proxy: {
      "/api": { target: "http://127.0.0.1:3000", changeOrigin: false },
    },
  },
});
