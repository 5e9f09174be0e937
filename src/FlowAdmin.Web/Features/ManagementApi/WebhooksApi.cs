using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Webhooks;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary>
/// A webhook as the API answers it: the list's row (with its delivery health) and its custom headers by name.
/// Header values never come back; the <see cref="Headers"/> rows have an empty value and their stored name, so
/// this body sent back with PUT keeps every stored value (a row with a value replaces it).
/// </summary>
public sealed record WebhookView(
    int Id, string Name, string Url, IReadOnlyList<string> Events, bool IsActive,
    DateTime? DisabledAt, string? DisabledReason, DateTime? LastDeliveryAt, int? LastStatusCode, bool? LastSucceeded,
    DateTime CreatedAt, IReadOnlyList<WebhookHeaderInput> Headers);

/// <summary>What "Enviar teste" shows: the receiver's answer to the example event.</summary>
public sealed record WebhookTestResult(bool Success, int? Status, string? Error, int DurationMs, string Body, long LogEntryId);

public sealed record WebhookRecoverRequest(DateTime? Since);

public sealed record WebhookRecovered(int Requeued);

/// <summary>
/// <c>/api/v1/webhooks</c>: the Webhook tab's list, create, edit, (de)activate and delete, and its delivery actions
/// (test send, recover failures, re-enable) and signing secret. The secret is for admin keys only: reading it
/// carries the admin-only policy like a change does.
/// </summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, WebhookService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), ct))).WithSummary("Lists the webhooks with the health of their last delivery.");

        group.MapGet("/{id:int}", (int id, WebhookService service, CancellationToken ct) =>
            GetAsync(service, id, ct)).WithSummary("A webhook; custom headers by name only.");

        group.MapPost("/", async (WebhookForm form, WebhookService service, CancellationToken ct) =>
        {
            var id = await service.CreateAsync(form, ct);
            return Results.Created($"{ManagementApi.Prefix}/webhooks/{id}", await GetAsync(service, id, ct));
        }).Writes().WithSummary("Creates a webhook with a fresh signing secret (read it with GET /webhooks/{id}/secret).");

        group.MapPut("/{id:int}", async (int id, WebhookForm form, WebhookService service, CancellationToken ct) =>
        {
            form.Id = id;
            await service.UpdateAsync(form, ct);
            return await GetAsync(service, id, ct);
        }).Writes().WithSummary("Changes a webhook; a header row with storedName and an empty value keeps its stored value.");

        group.MapPost("/{id:int}/activate", (int id, WebhookService service, CancellationToken ct) =>
            SetActiveAsync(service, id, true, ct)).Writes().WithSummary("Activates a webhook.");
        group.MapPost("/{id:int}/deactivate", (int id, WebhookService service, CancellationToken ct) =>
            SetActiveAsync(service, id, false, ct)).Writes().WithSummary("Deactivates a webhook: no events are queued for it.");

        group.MapDelete("/{id:int}", async (int id, WebhookService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, ct);
            return Results.NoContent();
        }).Writes().WithSummary("Deletes a webhook and its pending deliveries; its log entries stay.");

        group.MapPost("/{id:int}/test", async (int id, string? @event, WebhookDeliveryService deliveries, CancellationToken ct) =>
        {
            var sent = await deliveries.SendTestAsync(id, @event, ct);
            return new WebhookTestResult(sent.Success, sent.StatusCode, sent.Error, sent.DurationMs, sent.ResponseBody, sent.LogEntryId);
        }).Writes().WithSummary("Sends an event's example (?event=, default the first subscribed) to the webhook now; answers what the receiver answered.");

        group.MapPost("/{id:int}/rotate-secret", (int id, WebhookService service, CancellationToken ct) =>
            service.RotateSecretAsync(id, ct)).Writes().WithSummary("A new signing secret; the old one keeps signing for 24 hours (previousValidUntil).");

        group.MapGet("/{id:int}/secret", (int id, WebhookService service, CancellationToken ct) =>
            service.RevealSecretAsync(id, ct)).Writes().WithSummary("The signing secret (admin keys only; read-only keys get 403).");

        group.MapPost("/{id:int}/recover", async (int id, WebhookRecoverRequest request, WebhookDeliveryService deliveries, CancellationToken ct) =>
        {
            var since = request.Since ?? throw Refuse.On(nameof(WebhookRecoverRequest.Since), "Say since when (an ISO 8601 time) the failed deliveries are sent again.");
            return new WebhookRecovered(await deliveries.RecoverFailedAsync(id, since.ToUniversalTime(), ct));
        }).Writes().WithSummary("Puts the webhook's failed deliveries since a time back in the queue, due now.");

        group.MapPost("/{id:int}/enable", async (int id, WebhookService service, WebhookDeliveryService deliveries, CancellationToken ct) =>
        {
            await deliveries.ReenableAsync(id, ct);
            return await GetAsync(service, id, ct);
        }).Writes().WithSummary("Re-enables a webhook the sender disabled (410 Gone or failing too long); its held deliveries go out.");
    }

    private static async Task<WebhookView> SetActiveAsync(WebhookService service, int id, bool active, CancellationToken ct)
    {
        await service.SetActiveAsync(id, active, ct);
        return await GetAsync(service, id, ct);
    }

    private static async Task<WebhookView> GetAsync(WebhookService service, int id, CancellationToken ct)
    {
        var row = await service.GetRowAsync(id, ct) ?? throw Refuse.NotFound(nameof(Webhook), id);
        var form = await service.GetAsync(id, ct) ?? throw Refuse.NotFound(nameof(Webhook), id);
        return new WebhookView(row.Id, row.Name, row.Url, row.Events, row.IsActive, row.DisabledAt, row.DisabledReason,
            row.LastDeliveryAt, row.LastStatusCode, row.LastSucceeded, row.CreatedAt, form.Headers);
    }
}
