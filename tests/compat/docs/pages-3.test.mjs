// SPDX-License-Identifier: Apache-2.0
// The commands of the docs pages in shard 3 (pages.mjs): `the commands in <page> run`, one test per page.
import { testPages } from './pages.mjs';

testPages(3);
