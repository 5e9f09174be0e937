using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.IntegrationTests.Settings;
using FlowAdmin.IntegrationTests.Webhooks;
using FlowAdmin.Web.Features.ApiKeys;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Logs;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>One app (fast webhook retries, loopback receivers allowed) and one webhook receiver for the class.</summary>
public sealed class LogsAndTicketsApiFixture : IAsyncLifetime
{
    public FlowAdminApp App { get; } = new("Sqlite", WebhookKit.FastSettings());
    public Receiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await Receiver.StartAsync();

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>/api/v1/logs and /api/v1/tickets over HTTP: a real push, its log and ticket, the actions and their events.</summary>
public sealed class LogsAndTicketsApiTests(LogsAndTicketsApiFixture fixture) : IClassFixture<LogsAndTicketsApiFixture>
{
    private FlowAdminApp App => fixture.App;

    [Fact]
    public async Task A_push_is_found_by_its_external_key_masked_for_read_only_keys_and_exported_as_CSV()
    {
        var kit = await PushKit.CreateAsync(App, "LogsApi");
        var other = await PushKit.CreateAsync(App, "LogsRival");
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var token = url[(url.LastIndexOf('/') + 1)..];
        var externalKey = "pedido-" + Guid.NewGuid().ToString("N")[..8];
        await PushWithHeaderAsync(url, $$"""{"body":"Seu pedido saiu","number":"5511988887777","externalKey":"{{externalKey}}"}""");
        var push = Assert.Single(await kit.AllPushesDoneAsync(1));

        using var admin = await App.ApiClientAsync(kit.Tenant.Id);
        using var reader = await App.ApiClientAsync(kit.Tenant.Id, ApiKeyScope.ReadOnly);
        using var rival = await App.ApiClientAsync(other.Tenant.Id);

        // The screen's own query string (what the Logs page puts in its URL) works on the API as it is.
        var screenQuery = LogQueryString.ToQuery(new LogFilter { Type = LogType.Push, ExternalKey = externalKey });
        var listResponse = await admin.GetAsync("logs" + screenQuery);
        var listBody = await listResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        var list = JsonNode.Parse(listBody)!;
        Assert.Equal(1, (int)list["total"]!);
        Assert.False((bool)list["totalCapped"]!);
        var row = list["items"]![0]!;
        Assert.Equal(("ERP", "Push", true, 200), ((string)row["configName"]!, (string)row["type"]!, (bool)row["success"]!, (int)row["httpStatus"]!));
        var id = (long)row["id"]!;
        Assert.Equal(0, (int)(await (await admin.GetAsync($"logs?externalKey={externalKey}-no")).JsonAsync())["total"]!);

        // Administrators see the caller's own header; a read-only key sees what an agent sees: standard headers only.
        var adminDetailText = await admin.GetStringAsync($"logs/{id}");
        var adminDetail = JsonNode.Parse(adminDetailText)!;
        Assert.Equal(externalKey, (string)adminDetail["externalKey"]!);
        Assert.Equal("5511988887777", (string)adminDetail["number"]!);
        Assert.NotNull(push.TicketId);
        Assert.Equal(push.TicketId, (int?)adminDetail["ticketId"]); // the entry's link to its push's ticket
        Assert.Contains("Seu pedido saiu", (string)adminDetail["requestBody"]!);
        var adminHeaders = JsonNode.Parse((string)adminDetail["requestHeaders"]!)!;
        Assert.Equal("erp-trace-42", (string)adminHeaders["X-Erp-Trace"]!);
        var readerDetailText = await reader.GetStringAsync($"logs/{id}");
        var readerHeaders = JsonNode.Parse((string)JsonNode.Parse(readerDetailText)!["requestHeaders"]!)!;
        Assert.Equal(LogMasking.Mask, (string)readerHeaders["X-Erp-Trace"]!);
        Assert.StartsWith("application/json", (string)readerHeaders["Content-Type"]!);
        Assert.DoesNotContain("erp-trace-42", readerDetailText);

        // CSV with the screen's filters, streamed as the screen's export.
        var csvResponse = await reader.GetAsync($"logs/export.csv?type=push&externalKey={externalKey}");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", csvResponse.Content.Headers.ContentDisposition!.ToString());
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{id},API (Push),ERP,Push,true,200,", lines[1]);
        Assert.Contains(externalKey, lines[1]);
        Assert.Single((await reader.GetStringAsync("logs/export.csv?type=webhook")).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The push token is in no answer, whoever asks.
        foreach (var text in new[] { listBody, adminDetailText, readerDetailText, csv })
            Assert.DoesNotContain(token, text);

        // A filter that cannot be read is refused by name, on the list and on the export.
        foreach (var path in new[] { "logs?status=6xx", "logs/export.csv?status=6xx&from=yesterday" })
        {
            var bad = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.NotNull((await bad.JsonAsync())["errors"]!["status"]);
        }
        Assert.NotNull((await (await admin.GetAsync("logs/export.csv?from=yesterday")).JsonAsync())["errors"]!["from"]);
        // "body" needs 3 characters (a trigram index cannot look up fewer): refused by name, with the rule, on both.
        foreach (var path in new[] { "logs?body=Se", "logs/export.csv?body=%20S%20" })
        {
            var shortBody = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, shortBody.StatusCode);
            Assert.Contains("3", (string)(await shortBody.JsonAsync())["errors"]!["body"]![0]!);
        }
        Assert.Equal(id, (long)(await (await admin.GetAsync("logs?body=Seu")).JsonAsync())["items"]![0]!["id"]!);

        // A push entry has no delivery to send again; a read-only key may not replay anything.
        var notDelivery = await admin.PostAsync($"logs/{id}/replay", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notDelivery.StatusCode);
        Assert.NotNull((await notDelivery.JsonAsync())["errors"]!["id"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"logs/{id}/replay", null)).StatusCode);

        // Another tenant's key: the entry does not exist for it.
        Assert.Equal(HttpStatusCode.NotFound, (await rival.GetAsync($"logs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.PostAsync($"logs/{id}/replay", null)).StatusCode);
        Assert.Equal(0, (int)(await (await rival.GetAsync($"logs?externalKey={externalKey}")).JsonAsync())["total"]!);
        Assert.Single((await rival.GetStringAsync($"logs/export.csv?externalKey={externalKey}")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Tickets_are_listed_by_tab_transferred_noted_and_closed_by_an_API_key_named_in_the_history()
    {
        var kit = await PushKit.CreateAsync(App, "TicketsApi");
        var other = await PushKit.CreateAsync(App, "TicketsRival");
        var hookPath = "/hook-" + Guid.NewGuid().ToString("N")[..8];
        var hook = await WebhookKit.AddAsync(kit, "CRM", fixture.Receiver.Url(hookPath), [EventNames.FinishedTicket]);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(url, PushKit.TextExample)).StatusCode);
        await kit.AllPushesDoneAsync(1);

        var key = await App.AsTenantAsync<ApiKeyService, CreatedApiKey>(kit.Tenant.Id,
            s => s.CreateAsync(new ApiKeyInput { Name = "Integração ERP", Scope = ApiKeyScope.Admin }, CancellationToken.None));
        using var admin = ApiKit.Client(App, key.Secret);
        using var reader = await App.ApiClientAsync(kit.Tenant.Id, ApiKeyScope.ReadOnly);
        using var rival = await App.ApiClientAsync(other.Tenant.Id);

        // The push left one ticket in Pendentes.
        var pending = await (await admin.GetAsync("tickets?status=pending")).JsonAsync();
        Assert.Equal(1, (int)pending["total"]!);
        var id = (int)pending["items"]![0]!["id"]!;
        Assert.Equal("5511999999999", (string)pending["items"]![0]!["contactNumber"]!);
        Assert.Equal(0, await TotalAsync(admin, "tickets?status=open"));
        Assert.Equal(1, await TotalAsync(reader, "tickets"));
        Assert.Equal(0, await TotalAsync(admin, "tickets?status=pending&number=5521"));
        var badStatus = await admin.GetAsync("tickets?status=waiting");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus.StatusCode);
        Assert.NotNull((await badStatus.JsonAsync())["errors"]!["status"]);

        var detail = await (await admin.GetAsync($"tickets/{id}")).JsonAsync();
        Assert.Equal("Pending", (string)detail["status"]!);
        Assert.Equal("MENSAGEM", (string)detail["messages"]![0]!["body"]!);
        Assert.Equal("Created", (string)detail["history"]![0]!["kind"]!);

        // Read-only keys cannot act; another tenant's key does not find the ticket (with valid input of its own).
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"tickets/{id}/notes", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"tickets/{id}/transfer", new { departmentId = kit.Sales.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync($"tickets/{id}/close", new { closingReasonId = kit.Resolved.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.GetAsync($"tickets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.PostJsonAsync($"tickets/{id}/notes", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.PostJsonAsync($"tickets/{id}/transfer", new { departmentId = other.Sales.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.PostJsonAsync($"tickets/{id}/close", new { closingReasonId = other.Resolved.Id })).StatusCode);
        Assert.Equal(0, await TotalAsync(rival, "tickets?status=pending"));

        // Transfer to Vendas with the agent: Ativos, and the history says the key did it.
        var badTransfer = await admin.PostJsonAsync($"tickets/{id}/transfer", new { departmentId = 999999 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badTransfer.StatusCode);
        Assert.NotNull((await badTransfer.JsonAsync())["errors"]!["departmentId"]);
        var transferred = await admin.PostJsonAsync($"tickets/{id}/transfer", new { departmentId = kit.Sales.Id, userId = kit.Agent.Id });
        Assert.Equal(HttpStatusCode.OK, transferred.StatusCode);
        var afterTransfer = await transferred.JsonAsync();
        Assert.Equal(("Open", "Vendas", kit.Agent.Name), ((string)afterTransfer["status"]!, (string)afterTransfer["departmentName"]!, (string)afterTransfer["userName"]!));
        Assert.Equal(1, await TotalAsync(admin, $"tickets?status=open&departmentId={kit.Sales.Id}&userId={kit.Agent.Id}"));
        Assert.Equal(0, await TotalAsync(admin, "tickets?status=pending"));
        var moved = Assert.Single(afterTransfer["history"]!.AsArray(), h => (string)h!["kind"]! == "Transferred")!;
        Assert.Contains("Integração ERP", (string)moved["actorName"]!);

        // A note: in the thread (never sent) and in the history, by the key.
        var noted = await admin.PostJsonAsync($"tickets/{id}/notes", new { body = "  Cliente pediu retorno amanhã " });
        Assert.Equal(HttpStatusCode.OK, noted.StatusCode);
        var afterNote = await noted.JsonAsync();
        var note = Assert.Single(afterNote["messages"]!.AsArray(), m => (bool)m!["isNote"]!)!;
        Assert.Equal("Cliente pediu retorno amanhã", (string)note["body"]!);
        Assert.Contains("Integração ERP", (string)Assert.Single(afterNote["history"]!.AsArray(), h => (string)h!["kind"]! == "Note")!["actorName"]!);
        var emptyNote = await admin.PostJsonAsync($"tickets/{id}/notes", new { body = "  " });
        Assert.NotNull((await emptyNote.JsonAsync())["errors"]!["body"]);

        // Close: the reason is required while the account has one; then Fechados, and FinishedTicket goes out.
        var noReason = await admin.PostJsonAsync($"tickets/{id}/close", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.NotNull((await noReason.JsonAsync())["errors"]!["closingReasonId"]);
        var closed = await admin.PostJsonAsync($"tickets/{id}/close", new { closingReasonId = kit.Resolved.Id });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var afterClose = await closed.JsonAsync();
        Assert.Equal(("Closed", "Resolvido"), ((string)afterClose["status"]!, (string)afterClose["closingReasonName"]!));
        Assert.NotNull(afterClose["closedAt"]);
        Assert.Contains("Integração ERP", (string)Assert.Single(afterClose["history"]!.AsArray(), h => (string)h!["kind"]! == "Closed")!["actorName"]!);
        Assert.Equal(1, await TotalAsync(admin, "tickets?status=closed"));
        Assert.Equal(0, await TotalAsync(admin, "tickets?status=open"));
        var closedAgain = await admin.PostJsonAsync($"tickets/{id}/close", new { closingReasonId = kit.Resolved.Id });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, closedAgain.StatusCode);

        var stored = await kit.DbAsync(db => db.Tickets.AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal((TicketStatus.Closed, kit.Resolved.Id), (stored.Status, stored.ClosingReasonId));
        var history = await kit.DbAsync(db => db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.Id).ToListAsync());
        Assert.All(history.Where(e => e.Kind != "Created"), e => Assert.Null(e.UserId));
        Assert.All(history.Where(e => e.Kind != "Created"), e => Assert.Contains($"apiKey:{key.Key.Id}", e.Detail));
        Assert.Single(await kit.DbAsync(db => db.PlatformEvents.AsNoTracking().Where(e => e.Event == EventNames.FinishedTicket).ToListAsync()));

        // The webhook receives FinishedTicket; its log entry is found through the API and sent again from there.
        var delivered = (await fixture.Receiver.WaitAsync(r => r.Any(x => x.Path == hookPath)))
            .Single(r => r.Path == hookPath);
        Assert.Equal(EventNames.FinishedTicket, delivered.Event);
        Assert.Equal((id, "closed", kit.Resolved.Id), ((int)delivered.Json["ticket"]!["id"]!, (string)delivered.Json["ticket"]!["status"]!, (int)delivered.Json["ticket"]!["closingReasonId"]!));
        // The attempt is logged once the receiver has answered.
        await kit.EventuallyAsync(db => db.WebhookDeliveries.AsNoTracking().SingleAsync(), d => d.Status == DeliveryStatus.Succeeded);
        var webhookLogs = await (await admin.GetAsync($"logs?type=webhook&event={EventNames.FinishedTicket}")).JsonAsync();
        var logId = (long)Assert.Single(webhookLogs["items"]!.AsArray())!["id"]!;
        var readerLog = await reader.GetStringAsync($"logs/{logId}");
        Assert.Equal(LogMasking.Mask, (string)JsonNode.Parse((string)JsonNode.Parse(readerLog)!["responseHeaders"]!)!["X-Receiver"]!);
        Assert.Equal("test", (string)JsonNode.Parse((string)(await (await admin.GetAsync($"logs/{logId}")).JsonAsync())["responseHeaders"]!)!["X-Receiver"]!);
        Assert.DoesNotContain(hook.Secret, readerLog);

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"logs/{logId}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.PostAsync($"logs/{logId}/replay", null)).StatusCode);
        var replay = await admin.PostAsync($"logs/{logId}/replay", null);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var attempt = await replay.JsonAsync();
        Assert.Equal(2, (int)attempt["attempt"]!);
        Assert.NotEqual(logId, (long)attempt["id"]!);
        Assert.Equal(2, attempt["attempts"]!.AsArray().Count);
        var replayed = (await fixture.Receiver.WaitAsync(r => r.Count(x => x.Path == hookPath) == 2)).Where(r => r.Path == hookPath).ToList();
        Assert.Equal(delivered.Header("webhook-id"), replayed[1].Header("webhook-id"));
        Assert.Equal(delivered.Body, replayed[1].Body);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_logs_and_tickets_routes()
    {
        using var client = new HttpClient { BaseAddress = App.BaseAddress };
        var document = await (await client.GetAsync("openapi/v1.json")).JsonAsync();
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/logs", "/api/v1/logs/{id}", "/api/v1/logs/{id}/replay", "/api/v1/logs/export.csv",
                     "/api/v1/tickets", "/api/v1/tickets/{id}", "/api/v1/tickets/{id}/close", "/api/v1/tickets/{id}/transfer", "/api/v1/tickets/{id}/notes" })
            Assert.True(paths.ContainsKey(path), path);
        Assert.Contains("FinishedTicket", (string)paths["/api/v1/tickets/{id}/close"]!["post"]!["summary"]!);
        // The logs' filters come from the query string as a whole, so the description names them.
        Assert.Contains("externalKey", (string)paths["/api/v1/logs/export.csv"]!["get"]!["description"]!);
    }

    private static async Task<int> TotalAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (int)(await response.JsonAsync())["total"]!;
    }

    /// <summary>A push as an ERP sends it, with a header of its own (kept in the log, shown to administrators only).</summary>
    private static async Task PushWithHeaderAsync(string url, string json)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Erp-Trace", "erp-trace-42");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
