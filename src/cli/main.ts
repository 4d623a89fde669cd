#!/usr/bin/env node
// Placeholder entry until the CLI module lands (issue 4).
console.error('nnlab: CLI not built yet');
process.exit(1);
