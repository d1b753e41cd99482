// The routing of WhatsApp numbers on Wassist: to a webhook, to an AI agent, or nowhere.
package wassist
