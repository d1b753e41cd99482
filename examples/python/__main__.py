"""Routing of Wassist numbers, declared in Python through the SDK generated from the wassist plugin's schema."""

import pulumi
import pulumi_wassist as wassist

support = wassist.PhoneNumberRouting(
    "support",
    number="+44 7700 900100",
    routing=wassist.RoutingMode.WEBHOOK,
    webhook_id="5e7f9a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b4",
)
sales = wassist.PhoneNumberRouting(
    "sales",
    number="+44 7700 900200",
    routing=wassist.RoutingMode.AGENT,
    agent_id="6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41",
)

pulumi.export("supportRouting", support.routing)
pulumi.export("salesPrevious", sales.previous_routing)
