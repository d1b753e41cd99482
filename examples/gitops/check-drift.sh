#!/usr/bin/env bash
# The pull-request gate and the drift alarm: fails (exit 1) when the live routing in Wassist or
# the code differs from the stack. `--diff` prints which properties; the provider's messages say
# which number drifted and where Wassist routes it now.
#   usage: check-drift.sh STACK   (needs `pulumi` on PATH, logged in to the stack's backend,
#                                  and wassist:apiKey set or WASSIST_API_KEY exported)
set -euo pipefail
stack="${1:?usage: check-drift.sh STACK}"
cd "$(dirname "$0")"
if pulumi preview --stack "$stack" --diff --expect-no-changes --non-interactive; then
  echo "wassist routing of stack $stack matches the code"
else
  echo "wassist routing of stack $stack differs from the code (see above); run \`pulumi up\` to put it back, or change the code" >&2
  exit 1
fi
