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
