// The hosted pages' build. latchkey's CMake embeds exactly four files from the output
// directory (index.html, assets/app.js, assets/app.css and the admin dashboard's chart chunk
// assets/charts.js), so names are fixed and nothing else is emitted (web/README.md, "Build
// contract").
import { defineConfig, type Plugin } from "vite";
import preact from "@preact/preset-vite";

const CHUNKS = ["assets/app.js", "assets/charts.js"];

// Fails the build when the output strays from the contract: another chunk (CMake would not
// embed it), or a charts chunk that imports from the app (it would load assets/app.js a second
// time, without the ?v= the page's copy has: two copies of the app in one page).
function buildContract(): Plugin {
  return {
    name: "latchkey-build-contract",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((f) => f.type === "chunk");
      const names = chunks.map((c) => c.fileName).sort();
      if (names.join() !== CHUNKS.join()) this.error(`expected chunks ${CHUNKS.join(", ")}, got ${names.join(", ")}`);
      for (const c of chunks) {
        if (c.fileName === "assets/charts.js" && (c.imports.length > 0 || c.dynamicImports.length > 0)) {
          this.error(`assets/charts.js must import nothing from the app, imports ${c.imports.join(", ")}`);
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [preact(), buildContract()],
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
        chunkFileNames: "assets/[name].js",
        assetFileNames: (info) => (info.name?.endsWith(".css") ? "assets/app.css" : "assets/[name][extname]"),
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
