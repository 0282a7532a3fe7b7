#!/usr/bin/env bash
# A PNG of every route of every demo role at 1366×768 into docs/screenshots/, taken from the packaged jar with its demo
# data by ProductionRoutesIT (headless Debian Chromium, /usr/bin/chromium). Look at them after a change to the layout.
# Usage: bench/screenshots.sh [extra maven options, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screenshots"
rm -rf "$out"
mkdir -p "$out"
# The screenshots are wanted even when the test finds a problem on a page (it is reported, not hidden).
./mvnw -B "$@" verify -Dit.test=ProductionRoutesIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dmaven.test.failure.ignore=true -Dtokentally.screenshots="$out"
echo "$(ls "$out" | wc -l) screenshots in $out"
