// pa11y drives Debian's Chromium through Puppeteer: Puppeteer's own browser
// download is skipped (the test command installs `chromium` from apt).
module.exports = { skipDownload: true };
