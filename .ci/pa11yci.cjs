// pa11y-ci's configuration for .ci/checks: every page is checked by both of
// pa11y's runners, axe-core and HTML_CodeSniffer, against WCAG 2 AA; errors
// fail the check (warnings and notices are not reported). .ci/checks passes
// the pages' URLs on the command line.
//
// Puppeteer cannot download its browser here (.ci/checks sets
// PUPPETEER_SKIP_DOWNLOAD): pa11y drives the system's Chromium, CHROME_PATH
// or /usr/bin/chromium, without a sandbox (CI runs as root).
module.exports = {
  defaults: {
    runners: ["axe", "htmlcs"],
    standard: "WCAG2AA",
    timeout: 120000,
    concurrency: 1,
    chromeLaunchConfig: {
      executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    },
    // Rules turned off, each with its reason:
    ignore: [
      // axe's frame-tested: axe runs inside every frame of the page, and a
      // YouTube episode's player is a frame of YouTube's own page, which CI
      // machines (offline) cannot load, and which is not ours to fix.
      "frame-tested",
    ],
  },
  urls: [],
};
