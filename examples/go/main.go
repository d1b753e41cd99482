// Routing of Wassist numbers, declared in Go through the SDK generated from the wassist plugin's
// schema (module github.com/wassist/pulumi-wassist/sdk/go).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/wassist/pulumi-wassist/sdk/go/wassist"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		support, err := wassist.NewPhoneNumberRouting(ctx, "support", &wassist.PhoneNumberRoutingArgs{
			Number:    pulumi.String("+44 7700 900100"),
			Routing:   wassist.RoutingModeWebhook,
			WebhookId: pulumi.String("5e7f9a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b4"),
		})
		if err != nil {
			return err
		}
		sales, err := wassist.NewPhoneNumberRouting(ctx, "sales", &wassist.PhoneNumberRoutingArgs{
			Number:  pulumi.String("+44 7700 900200"),
			Routing: wassist.RoutingModeAgent,
			AgentId: pulumi.String("6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41"),
		})
		if err != nil {
			return err
		}
		ctx.Export("supportRouting", support.Routing)
		ctx.Export("salesPrevious", sales.PreviousRouting)
		return nil
	})
}
