#!/usr/bin/env node
import { main } from '../dist/cli.js';

// A reader that stops early (`nas table export t.json | head`) closes the pipe: that ends the command, it is no failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
