#!/usr/bin/env node
/** The `campus` command: serve | migrate | seed | account | rki | scodoc | cmdb | token … (see --help). */
import { run } from './cli/program.js';

await run(process.argv);
