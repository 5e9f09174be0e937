namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>Marker for WebhooksText.resx (pt-BR) and WebhooksText.en.resx.</summary>
public sealed class WebhooksText;
