// The routing of the organization's numbers, as reviewed in pull requests. Change it here, open a
// pull request, and the CI job (ci/github-actions.yml or ci/gitlab-ci.yml) posts wassist-drift's
// report; on main, a scheduled run of ci/drift.sh fails when someone changed routing in the
// dashboard. Targets are named as in the Wassist dashboard and looked up in the key's organization.
import { getAgentOutput, getWebhookOutput, PhoneNumberRouting } from "pulumi-wassist";

new PhoneNumberRouting("support", {
  number: "+44 7700 900100",
  routing: "webhook",
  webhookId: getWebhookOutput({ name: "Zendesk bridge" }).id,
});
new PhoneNumberRouting("sales", {
  number: "+44 7700 900200",
  routing: "agent",
  agentId: getAgentOutput({ name: "Sales Bot" }).id,
});
new PhoneNumberRouting("paused", { number: "+44 7700 900300", routing: "none", onDelete: "retain" });
