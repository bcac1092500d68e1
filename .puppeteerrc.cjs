/** kscn never downloads a browser: it uses a Chromium that is already installed. */
module.exports = { skipDownload: true };
