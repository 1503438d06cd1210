// SPDX-License-Identifier: Apache-2.0
// The commands of the docs pages in share 4 (pages.mjs): `the commands in <page> run`, one test per page.
import { test } from 'node:test';
import { pageTests } from './pages.mjs';

for (const { name, options, fn } of pageTests(4)) test(name, options, fn);
