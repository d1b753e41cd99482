// The emulator's data model and its built-in seed. A seed file (`--seed FILE`) is JSON of the
// same shape, validated by `seedSchema`; `wassist-emulator --print-seed` prints the built-in one
// as a starting point.
import { z } from "zod";

const uuid = z.string().min(1);
const routing = z.enum(["agent", "webhook", "sandbox"]).nullable();

export const organizationSchema = z.object({ id: z.string().min(1), name: z.string() });
export const apiKeySchema = z.object({ key: z.string().min(8), organization: z.string() });
export const businessAccountSchema = z.object({ id: z.string(), name: z.string(), waId: z.string() });
export const phoneNumberRecordSchema = z.object({
  id: uuid,
  number: z.string().regex(/^\d{1,15}$/, "digits only, at most 15"),
  whatsappPhoneNumberId: z.string(),
  /** Owner organization; null for the shared sandbox number. */
  organization: z.string().nullable(),
  whatsappBusinessAccount: businessAccountSchema.nullable(),
  isSandbox: z.boolean().default(false),
  defaultRouting: routing.default(null),
  defaultWebhook: uuid.nullable().default(null),
  activeAgent: uuid.nullable().default(null),
});
export const agentRecordSchema = z.object({
  id: uuid,
  name: z.string(),
  organization: z.string(),
  /** Other organizations the agent is shared with. */
  sharedWith: z.array(z.string()).default([]),
  icebreakers: z.array(z.string()).default([]),
});
export const webhookRecordSchema = z.object({
  id: uuid,
  name: z.string(),
  url: z.string(),
  secret: z.string(),
  events: z.array(z.string()).default(["message.received"]),
  active: z.boolean().default(true),
  consecutiveFailures: z.number().int().default(0),
  disabledAt: z.string().nullable().default(null),
  disabledReason: z.string().nullable().default(null),
  createdAt: z.string(),
  organization: z.string(),
});
export const conversationRecordSchema = z.object({
  id: uuid,
  /** The number's digits. */
  whatsappNumber: z.string(),
  /** The organization whose user is in this conversation (matters on the shared sandbox number). */
  organization: z.string(),
  contact: z.string(),
  /** The conversation's own override; absent means "inherit the number's default". */
  routing: routing.optional(),
  webhook: uuid.nullable().default(null),
  activeAgent: uuid.nullable().default(null),
  session: z.string().nullable().default(null),
});

export const seedSchema = z.object({
  organizations: z.array(organizationSchema).min(1),
  apiKeys: z.array(apiKeySchema).default([]),
  phoneNumbers: z.array(phoneNumberRecordSchema),
  agents: z.array(agentRecordSchema).default([]),
  webhooks: z.array(webhookRecordSchema).default([]),
  conversations: z.array(conversationRecordSchema).default([]),
});

export type Seed = z.input<typeof seedSchema>;
export type EmulatorData = z.output<typeof seedSchema>;
export type PhoneNumberRecord = EmulatorData["phoneNumbers"][number];
export type AgentRecord = EmulatorData["agents"][number];
export type WebhookRecord = EmulatorData["webhooks"][number];
export type ConversationRecord = EmulatorData["conversations"][number];

export const DEMO_API_KEY = "wsk_demo_acme_0123456789";
export const OTHER_ORG_API_KEY = "wsk_demo_globex_0123456789";
/** The key of Acme's staging organization: the same agent and webhook names as Acme, other ids. */
export const STAGING_API_KEY = "wsk_demo_acme_staging_0123456789";

/** Ids of the built-in seed, for tests, examples and the demo. */
export const SEED_IDS = {
  acme: "org_acme",
  globex: "org_globex",
  staging: "org_acme_staging",
  numbers: {
    support: "447700900100",
    sales: "447700900200",
    paused: "447700900300",
    globex: "14155550100",
    sandbox: "447424845871",
    stagingSupport: "447700901100",
    stagingSales: "447700901200",
  },
  agents: {
    support: "6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41",
    sales: "8a2d4c6e-1f3b-4a5c-8e7d-9b0a1c2d3e42",
    globex: "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e43",
    stagingSupport: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c51",
    stagingSales: "2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d62",
  },
  webhooks: {
    zendesk: "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    crm: "5e7f9a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b4",
    globex: "9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b5a",
    stagingZendesk: "4d5e6f70-8192-4a3b-8c4d-5e6f7a8b9c71",
    stagingCrm: "5e6f7081-92a3-4b4c-9d5e-6f7a8b9c0d82",
  },
} as const;

export const defaultSeed: Seed = {
  organizations: [
    { id: SEED_IDS.acme, name: "Acme Support Ltd" },
    { id: SEED_IDS.globex, name: "Globex Corporation" },
    { id: SEED_IDS.staging, name: "Acme Support Ltd (staging)" },
  ],
  apiKeys: [
    { key: DEMO_API_KEY, organization: SEED_IDS.acme },
    { key: OTHER_ORG_API_KEY, organization: SEED_IDS.globex },
    { key: STAGING_API_KEY, organization: SEED_IDS.staging },
  ],
  phoneNumbers: [
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
      number: SEED_IDS.numbers.support,
      whatsappPhoneNumberId: "109876543210001",
      organization: SEED_IDS.acme,
      whatsappBusinessAccount: { id: "waba-acme-1", name: "Acme Support", waId: "102030405060708" },
      defaultRouting: "webhook",
      defaultWebhook: SEED_IDS.webhooks.zendesk,
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c02",
      number: SEED_IDS.numbers.sales,
      whatsappPhoneNumberId: "109876543210002",
      organization: SEED_IDS.acme,
      whatsappBusinessAccount: { id: "waba-acme-1", name: "Acme Support", waId: "102030405060708" },
      defaultRouting: "agent",
      activeAgent: SEED_IDS.agents.sales,
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c03",
      number: SEED_IDS.numbers.paused,
      whatsappPhoneNumberId: "109876543210003",
      organization: SEED_IDS.acme,
      whatsappBusinessAccount: { id: "waba-acme-1", name: "Acme Support", waId: "102030405060708" },
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c04",
      number: SEED_IDS.numbers.globex,
      whatsappPhoneNumberId: "109876543210004",
      organization: SEED_IDS.globex,
      whatsappBusinessAccount: { id: "waba-globex-1", name: "Globex", waId: "202030405060709" },
      defaultRouting: "agent",
      activeAgent: SEED_IDS.agents.globex,
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c05",
      number: SEED_IDS.numbers.sandbox,
      whatsappPhoneNumberId: "109876543210005",
      organization: null,
      whatsappBusinessAccount: null,
      isSandbox: true,
      defaultRouting: "sandbox",
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c06",
      number: SEED_IDS.numbers.stagingSupport,
      whatsappPhoneNumberId: "109876543210006",
      organization: SEED_IDS.staging,
      whatsappBusinessAccount: {
        id: "waba-acme-staging",
        name: "Acme Support (staging)",
        waId: "302030405060710",
      },
    },
    {
      id: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c07",
      number: SEED_IDS.numbers.stagingSales,
      whatsappPhoneNumberId: "109876543210007",
      organization: SEED_IDS.staging,
      whatsappBusinessAccount: {
        id: "waba-acme-staging",
        name: "Acme Support (staging)",
        waId: "302030405060710",
      },
    },
  ],
  agents: [
    {
      id: SEED_IDS.agents.support,
      name: "Support Bot",
      organization: SEED_IDS.acme,
      icebreakers: ["Where is my order?"],
    },
    {
      id: SEED_IDS.agents.sales,
      name: "Sales Bot",
      organization: SEED_IDS.acme,
      icebreakers: ["Show me pricing"],
    },
    { id: SEED_IDS.agents.globex, name: "Globex Concierge", organization: SEED_IDS.globex },
    { id: SEED_IDS.agents.stagingSupport, name: "Support Bot", organization: SEED_IDS.staging },
    { id: SEED_IDS.agents.stagingSales, name: "Sales Bot", organization: SEED_IDS.staging },
  ],
  webhooks: [
    {
      id: SEED_IDS.webhooks.zendesk,
      name: "Zendesk bridge",
      url: "https://hooks.acme.example/zendesk",
      secret: "whsec_acme_zendesk_do_not_leak",
      createdAt: "2026-01-10T09:00:00Z",
      organization: SEED_IDS.acme,
    },
    {
      id: SEED_IDS.webhooks.crm,
      name: "CRM intake",
      url: "https://hooks.acme.example/crm",
      secret: "whsec_acme_crm_do_not_leak",
      createdAt: "2026-02-14T09:00:00Z",
      organization: SEED_IDS.acme,
    },
    {
      id: SEED_IDS.webhooks.globex,
      name: "Globex intake",
      url: "https://hooks.globex.example/in",
      secret: "whsec_globex_do_not_leak",
      createdAt: "2026-03-01T09:00:00Z",
      organization: SEED_IDS.globex,
    },
    {
      id: SEED_IDS.webhooks.stagingZendesk,
      name: "Zendesk bridge",
      url: "https://hooks.staging.acme.example/zendesk",
      secret: "whsec_staging_zendesk_do_not_leak",
      createdAt: "2026-04-01T09:00:00Z",
      organization: SEED_IDS.staging,
    },
    {
      id: SEED_IDS.webhooks.stagingCrm,
      name: "CRM intake",
      url: "https://hooks.staging.acme.example/crm",
      secret: "whsec_staging_crm_do_not_leak",
      createdAt: "2026-04-01T09:00:00Z",
      organization: SEED_IDS.staging,
    },
  ],
  conversations: [
    {
      id: "c0000000-0000-4000-8000-000000000001",
      whatsappNumber: SEED_IDS.numbers.support,
      organization: SEED_IDS.acme,
      contact: "447911000001",
      session: "sess-1",
    },
    {
      id: "c0000000-0000-4000-8000-000000000002",
      whatsappNumber: SEED_IDS.numbers.support,
      organization: SEED_IDS.acme,
      contact: "447911000002",
      activeAgent: SEED_IDS.agents.support,
      session: "sess-2",
    },
    {
      id: "c0000000-0000-4000-8000-000000000003",
      whatsappNumber: SEED_IDS.numbers.sales,
      organization: SEED_IDS.acme,
      contact: "447911000003",
      activeAgent: SEED_IDS.agents.sales,
      session: "sess-3",
    },
    {
      id: "c0000000-0000-4000-8000-000000000004",
      whatsappNumber: SEED_IDS.numbers.paused,
      organization: SEED_IDS.acme,
      contact: "447911000004",
    },
    {
      id: "c0000000-0000-4000-8000-000000000005",
      whatsappNumber: SEED_IDS.numbers.sandbox,
      organization: SEED_IDS.acme,
      contact: "447911000005",
      session: "sess-5",
    },
    {
      id: "c0000000-0000-4000-8000-000000000006",
      whatsappNumber: SEED_IDS.numbers.sandbox,
      organization: SEED_IDS.globex,
      contact: "12125550006",
    },
  ],
};
