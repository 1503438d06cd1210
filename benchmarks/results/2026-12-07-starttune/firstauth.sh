#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# usage: firstauth.sh <dll> <datadir> <bodyfile> [env...]: exec -> first /health and -> first 200 InitiateAuth; CPU and RSS at each
# The script grew a JIT count and an apphost start (2026-12-08-startjit); without its hook built the output is this one's.
exec "$(dirname "$0")/../2026-12-08-startjit/firstauth.sh" "$@"
