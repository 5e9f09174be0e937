using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Push;

public sealed class PushApiTests
{
    private static readonly Dictionary<string, string?> FastAcks = new() { ["FlowAdmin:Push:Sandbox:AckDelayMs"] = "100" };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task The_sources_text_example_posted_to_the_push_URL_ends_in_a_pending_API_ticket_with_its_events(string provider)
    {
        await using var app = new FlowAdminApp(provider, FastAcks);
        var kit = await PushKit.CreateAsync(app);
        var (configId, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        Assert.Matches(@"/api/push/[A-Za-z0-9_-]{43}$", url);

        var response = await PushKit.PostAsync(url, PushKit.TextExample);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Message add queue", (string?)json["message"]);
        Assert.True((long)json["id"]! > 0);

        await kit.AllPushesDoneAsync(1);
        var ticket = await kit.DbAsync(db => db.Tickets.Include(t => t.Contact).SingleAsync());
        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.Null(ticket.DepartmentId);
        Assert.True(ticket.IsCreatedAtApi);
        Assert.Equal(configId, ticket.ApiConfigId);
        Assert.Equal("5511999999999", ticket.Contact!.Number);
        Assert.Equal("MENSAGEM", ticket.LastMessage);

        // The Sandbox acks 1 → 2 → 3, each an AckMessage event.
        var message = await kit.EventuallyAsync(db => db.Messages.SingleAsync(), m => m.Ack == Acks.Read);
        Assert.Equal("123456", message.ExternalKey);
        Assert.True(app.Services.GetRequiredService<SandboxTransport>().WasDelivered(message.Id));
        var events = await kit.DbAsync(db => db.PlatformEvents.OrderBy(e => e.Id).Select(e => e.Event).ToListAsync());
        Assert.Equal([EventNames.NewContact, EventNames.NewTicket, EventNames.NewMessage, EventNames.AckMessage, EventNames.AckMessage, EventNames.AckMessage], events);
        var history = await kit.DbAsync(db => db.TicketEvents.Select(e => e.Kind).ToListAsync());
        Assert.Equal(["Created"], history);

        var log = await kit.DbAsync(db => db.LogEntries.SingleAsync());
        Assert.True(log.Success);
        Assert.Equal(200, log.HttpStatus);
        Assert.Equal("ERP", log.ConfigName);
        Assert.Equal(LogType.Push, log.Type);
        Assert.Equal("123456", log.ExternalKey);
        Assert.Equal("5511999999999", log.Number);
        Assert.Contains("Message add queue", log.ResponseBody);
        Assert.Contains("MENSAGEM", log.RequestBody);
        Assert.DoesNotContain(url[(url.LastIndexOf('/') + 1)..], log.RequestHeaders + log.RequestBody + log.ResponseBody);
    }

    [Fact]
    public async Task Every_rejection_names_its_field_is_logged_and_queues_nothing()
    {
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?> { ["FlowAdmin:Push:MaxBodyBytes"] = "2048" });
        var kit = await PushKit.CreateAsync(app);
        var other = await PushKit.CreateAsync(app, "Other");
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var (_, wabaUrl) = await kit.AddConfigAsync("ERP WABA", kit.Waba.Id);
        var n = "\"number\":\"5511999999999\",\"externalKey\":\"k\"";
        var cases = new (string Url, string Body, int Status, string Field)[]
        {
            (url, "{ \"body\": \"MENSAGEM\", //Mensagem\n \"number\": \"5511999999999\" }", 400, "line 1"),
            (url, "{\"body\":\"x\",\"externalKey\":\"k\"}", 422, "number"),
            (url, "{\"body\":\"x\",\"number\":\"55119\",\"externalKey\":\"k\"}", 422, "number"),
            (url, "{\"body\":\"x\",\"number\":\"55 11 99999-9999\",\"externalKey\":\"k\"}", 422, "number"),
            (url, "{\"body\":\"x\",\"number\":\"5511999999999\"}", 422, "externalKey"),
            (url, "{" + n + "}", 422, "body"),
            (url, "{\"body\":\"\"," + n + "}", 422, "body"),
            (url, "{\"body\":5," + n + "}", 422, "body"),
            (url, "{\"body\":\"x\",\"userId\":\"183\"," + n + "}", 422, "userId"),
            (url, "{\"body\":\"x\",\"userId\":999999," + n + "}", 422, "userId"),
            (url, "{\"body\":\"x\",\"queueId\":999999," + n + "}", 422, "queueId"),
            (url, $"{{\"body\":\"x\",\"queueId\":{other.Sales.Id}," + n + "}", 422, "queueId"),
            (url, "{\"body\":\"x\",\"closingReasonId\":999999,\"forceTicketToClosed\":true," + n + "}", 422, "closingReasonId"),
            (url, "{\"body\":\"x\",\"forceTicketToUser\":true," + n + "}", 422, "userId"),
            (url, "{\"body\":\"x\",\"forceTicketToDepartment\":true," + n + "}", 422, "queueId"),
            (url, $"{{\"body\":\"x\",\"forceTicketToDepartment\":true,\"queueId\":\"{kit.Support.Id}\",\"forceTicketToUser\":true,\"userId\":{kit.Agent.Id}," + n + "}", 422, "userId"),
            (url, "{\"body\":\"x\",\"onlyNote\":true," + n + "}", 422, "note"),
            (url, "{\"body\":\"x\",\"mediaUrl\":\"ftp://x/y.png\"," + n + "}", 422, "mediaUrl"),
            (url, "{\"body\":\"x\",\"mediaUrl\":\"http://169.254.169.254/latest/meta-data\"," + n + "}", 422, "mediaUrl"),
            (url, "{\"body\":\"x\",\"mediaUrl\":\"http://localhost:22/key.png\"," + n + "}", 422, "mediaUrl"),
            (url, "{\"note\":{\"body\":\"n\",\"mediaUrl\":\"http://10.0.0.5/n.pdf\"},\"onlyNote\":true," + n + "}", 422, "note.mediaUrl"),
            (url, $"{{\"templateId\":\"{kit.Order.Id}\",\"params\":[\"a\",\"b\"]," + n + "}", 422, "templateId"),
            (wabaUrl, $"{{\"templateId\":\"{kit.Order.Id}\",\"params\":[\"a\"]," + n + "}", 422, "params"),
            (wabaUrl, "{\"templateId\":\"424242\",\"params\":[]," + n + "}", 422, "templateId"),
            (wabaUrl, "{" + n + "}", 422, "body"),
            (url, "[1,2]", 422, "$"),
            (url, "{\"body\":\"" + new string('x', 4000) + "\"," + n + "}", 413, "at most 2048 bytes"),
        };

        foreach (var (target, body, status, field) in cases)
        {
            var response = await PushKit.PostAsync(target, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == (int)response.StatusCode, $"{body} → {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            if (status == 422)
                Assert.True(problem["errors"]?[field] is not null, $"{body} → {text}");
            else
                Assert.Contains(field, (string?)problem["detail"]);
        }
        var unsupported = await PushKit.PostAsync(url, PushKit.TextExample, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);

        var logs = await kit.DbAsync(db => db.LogEntries.ToListAsync());
        Assert.Equal(cases.Length + 1, logs.Count);
        Assert.All(logs, l => Assert.False(l.Success));
        Assert.All(logs, l => Assert.NotNull(l.Error));
        Assert.Equal(0, await kit.DbAsync(db => db.PushRequests.CountAsync()));

        // The valid WABA body of the source is accepted.
        var waba = await PushKit.PostAsync(wabaUrl, $"{{\"number\":\"5511999999999\",\"templateId\":\"{kit.Order.Id}\",\"params\":[\"Ana\",\"42\"],\"externalKey\":\"k\"}}");
        Assert.Equal(HttpStatusCode.OK, waba.StatusCode);
        await kit.AllPushesDoneAsync(1);
        Assert.Equal("Olá Ana, seu pedido 42 foi enviado.", (await kit.DbAsync(db => db.Messages.SingleAsync())).Body);
    }

    [Fact]
    public async Task An_Idempotency_Key_repeat_returns_the_first_answer_and_a_reused_key_is_refused()
    {
        await using var app = new FlowAdminApp();
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);

        var first = await PushKit.PostAsync(url, PushKit.TextExample, idempotencyKey: "order-1");
        var again = await PushKit.PostAsync(url, PushKit.TextExample, idempotencyKey: "order-1");
        var reused = await PushKit.PostAsync(url, PushKit.TextExample.Replace("MENSAGEM", "OUTRA"), idempotencyKey: "order-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.StartsWith("application/json", again.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Contains("Idempotency-Key", await reused.Content.ReadAsStringAsync());
        await kit.AllPushesDoneAsync(1);
        Assert.Equal(1, await kit.DbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task A_token_over_its_rate_gets_429_with_Retry_After_and_other_tokens_are_not_slowed()
    {
        await using var app = new FlowAdminApp("Sqlite", new Dictionary<string, string?>
        {
            ["FlowAdmin:Push:PermitsPerSecond"] = "1",
            ["FlowAdmin:Push:Burst"] = "3",
        });
        var kit = await PushKit.CreateAsync(app);
        var (_, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var (_, otherUrl) = await kit.AddConfigAsync("CRM", kit.Whatsapp.Id);

        // Ten at once: a bucket of 3 refilled at 1/s lets through 3 plus one per second the burst took
        // (a busy machine may stretch it), and answers the rest 429.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PushKit.PostAsync(url, PushKit.TextExample)));
        var elapsed = clock.Elapsed;
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);

        Assert.InRange(accepted, 3, 3 + (int)Math.Ceiling(elapsed.TotalSeconds));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(otherUrl, PushKit.TextExample)).StatusCode);
    }

    [Fact]
    public async Task Rotated_unknown_and_inactive_tokens_and_the_bearer_form()
    {
        await using var app = new FlowAdminApp();
        var kit = await PushKit.CreateAsync(app);
        var (id, url) = await kit.AddConfigAsync("ERP", kit.Whatsapp.Id);
        var token = url[(url.LastIndexOf('/') + 1)..];

        // Bearer form on /api/push.
        using (var client = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.BaseAddress, "api/push"))
            { Content = new StringContent(PushKit.TextExample, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }
        var bearerLog = await kit.DbAsync(db => db.LogEntries.SingleAsync());
        Assert.DoesNotContain(token, bearerLog.RequestHeaders);
        Assert.Contains("\"Authorization\":\"***\"", bearerLog.RequestHeaders);

        var unknown = await PushKit.PostAsync(url[..^5] + "AAAAA", PushKit.TextExample);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("ERP", await unknown.Content.ReadAsStringAsync());

        await kit.WithServiceAsync(s => s.RotateTokenAsync(id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await PushKit.PostAsync(url, PushKit.TextExample)).StatusCode);
        string newUrl = "";
        await kit.WithServiceAsync(async s => newUrl = await s.PushUrlAsync(id, app.BaseAddress.ToString(), CancellationToken.None));
        Assert.NotEqual(url, newUrl);
        Assert.Equal(HttpStatusCode.OK, (await PushKit.PostAsync(newUrl, PushKit.TextExample)).StatusCode);

        await kit.WithServiceAsync(s => s.SetActiveAsync(id, false, CancellationToken.None));
        var inactive = await PushKit.PostAsync(newUrl, PushKit.TextExample);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inactive.StatusCode);
        Assert.Contains("apiConfig", await inactive.Content.ReadAsStringAsync());

        await kit.WithServiceAsync(s => s.SetActiveAsync(id, true, CancellationToken.None));
        await kit.WithServiceAsync<ChannelService>(s => s.SetActiveAsync(kit.Whatsapp.Id, false, CancellationToken.None));
        var channelOff = await PushKit.PostAsync(newUrl, PushKit.TextExample);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, channelOff.StatusCode);
        Assert.Contains("channel", await channelOff.Content.ReadAsStringAsync());

        // Unknown and rotated tokens reach no config: no log entry; the others are logged.
        var logs = await kit.DbAsync(db => db.LogEntries.OrderBy(l => l.Id).Select(l => l.HttpStatus).ToListAsync());
        Assert.Equal([200, 200, 422, 422], logs);
    }
}
