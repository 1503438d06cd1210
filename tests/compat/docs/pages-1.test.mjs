// SPDX-License-Identifier: Apache-2.0
// The commands of the docs pages in share 1 (pages.mjs): `the commands in <page> run`, one test per page.
import { test } from 'node:test';
import { pageTests } from './pages.mjs';

for (const { name, options, fn } of pageTests(1)) test(name, options, fn);
