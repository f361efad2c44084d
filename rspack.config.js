/**
 * The Nest CLI's rspack defaults, with one change: SWC compiles for ES2022
 * instead of ES2021, so class fields stay native class fields. For ES2021 it
 * turns every field into an `Object.defineProperty` call in the constructor,
 * and a connection has about twenty of them.
 */
export default function rspackConfig(defaults) {
  for (const rule of defaults.module.rules) {
    for (const use of rule.use ?? []) {
      if (use.loader === 'builtin:swc-loader') use.options.jsc.target = 'es2022';
    }
  }
  return defaults;
}

/**
 * For an app with a worker thread of its own (server-threads' pool,
 * server-cluster's watchdog): main.js as every app's, but with
 * `import.meta.url` left to run time, so that main.js finds the thread's
 * bundle beside itself (rspack would put the source file's URL there).
 */
export function mainBundle(defaults) {
  const config = rspackConfig(defaults);
  return { ...config, module: withImportMeta(config.module) };
}

/**
 * The bundle of a thread's entry, `src/<name>.ts` → `<name>.js` beside
 * main.js. The thread needs a few pure functions of `@app/common`; built like
 * main.js, its bundle would import the whole library, and with it Nest's
 * core, its microservices and winston (about 1 s of start-up and 20 MB of
 * heap per thread: apps/server-threads/rspack.config.js). So its build drops
 * the modules of `libs/common` whose exports it does not use (they have no
 * side effects of their own).
 */
export function threadBundle(defaults, name) {
  const config = rspackConfig(defaults);
  return {
    ...config,
    entry: { [name]: config.entry.replace(/main\.ts$/, `${name}.ts`) },
    output: { ...config.output, filename: config.output.filename.replace(/main\.js$/, '[name].js') },
    module: {
      ...withImportMeta(config.module),
      rules: [...config.module.rules, { test: /libs[\\/]common[\\/]src[\\/].*\.ts$/, sideEffects: false }],
    },
    optimization: { ...config.optimization, sideEffects: true, usedExports: true, providedExports: true },
    // The type check runs once, in main's build.
    plugins: config.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
  };
}

function withImportMeta(module) {
  const parser = module.parser ?? {};
  return { ...module, parser: { ...parser, javascript: { ...parser.javascript, importMeta: false } } };
}
