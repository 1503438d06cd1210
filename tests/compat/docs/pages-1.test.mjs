// SPDX-License-Identifier: Apache-2.0
// The commands of the docs pages in shard 1 (pages.mjs): `the commands in <page> run`, one test per page.
import { testPages } from './pages.mjs';

testPages(1);
