#!/usr/bin/env bash
# Scheduled, on main: passes only in sync. Exit 3: someone changed routing outside Pulumi (the
# report says which number, where Wassist routes it, and what `pulumi up` would do); 2: main has
# code that was never applied (the up job failed or did not run); 1: the check itself failed.
#   usage: ci/drift.sh STACK   (in the project's directory; pulumi on PATH, logged in to the backend)
set -uo pipefail
export PATH="$PWD/node_modules/.bin:$PATH" # the project's pulumi-wassist: wassist-drift
stack="${1:?usage: ci/drift.sh STACK}"
wassist-drift --stack "$stack" --markdown wassist-report.md
code=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f wassist-report.md ]; then
  cat wassist-report.md >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
