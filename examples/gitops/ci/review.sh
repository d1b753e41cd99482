#!/usr/bin/env bash
# Pull request: the routing report for reviewers. wassist-drift writes wassist-report.md (the
# workflow posts it as the pull request's comment; it also goes to the job summary) and
# wassist-report.json. Drift (exit 3) and code not applied (2) are what the report is for, so the
# step passes; it fails when the check itself failed (1: key refused, Wassist unreachable, backend
# or program error), with the cause in one line.
#   usage: ci/review.sh STACK   (in the project's directory; pulumi on PATH, logged in to the backend)
set -uo pipefail
export PATH="$PWD/node_modules/.bin:$PATH" # the project's pulumi-wassist: wassist-drift
stack="${1:?usage: ci/review.sh STACK}"
wassist-drift --stack "$stack" --markdown wassist-report.md --json wassist-report.json
code=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f wassist-report.md ]; then
  cat wassist-report.md >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$code" -eq 1 ]; then exit 1; fi
exit 0
