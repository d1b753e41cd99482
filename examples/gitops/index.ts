// The routing of the organization's numbers, as reviewed in pull requests. Change it here, open a
// pull request, and the CI job (ci/github-actions.yml) shows `pulumi preview --diff`; on main, a
// scheduled run of check-drift.sh fails when someone changed routing in the dashboard.
import { PhoneNumberRouting } from "pulumi-wassist";

const ZENDESK_WEBHOOK = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
const SALES_AGENT = "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42";

new PhoneNumberRouting("support", {
  number: "+44 7700 900100",
  routing: "webhook",
  webhookId: ZENDESK_WEBHOOK,
});
new PhoneNumberRouting("sales", { number: "+44 7700 900200", routing: "agent", agentId: SALES_AGENT });
new PhoneNumberRouting("paused", { number: "+44 7700 900300", routing: "none", onDelete: "retain" });
