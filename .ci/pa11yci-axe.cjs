// A second pa11y-ci run for .ci/checks: axe-core alone, its warnings counted
// as failures too. pa11y reports axe's "moderate" violations as warnings,
// and the default run (pa11yci.cjs) counts errors only; among them are best
// practices a screen reader user meets on every page, such as two search
// landmarks with the same name (landmark-unique). HTML_CodeSniffer's
// warnings are left out: each asks a person to check something by hand.
//
// pa11y 9 bundles axe-core 4.11, which misses two unnamed search landmarks;
// .ci/tools/package.json overrides it with the axe-core the Go browser tests
// load (generator/browsertest/package.json), 4.14.1, which finds them.
const config = require("./pa11yci.cjs");

module.exports = {
  ...config,
  defaults: { ...config.defaults, runners: ["axe"], includeWarnings: true },
};
