using System.Net.Http.Headers;
using System.Text;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.ApiConfigs;
using FlowAdmin.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Push;

/// <summary>A tenant with a Sandbox whatsapp and waba channel, departments, users, a closing reason and API configs.</summary>
public sealed class PushKit
{
    /// <summary>The source's text example, the same copy the OpenAPI document shows.</summary>
    public const string TextExample = Web.Features.Push.PushExamples.Text;

    public required FlowAdminApp App { get; init; }
    public required Tenant Tenant { get; init; }
    public required Channel Whatsapp { get; init; }
    public required Channel Waba { get; init; }
    public required Department Sales { get; init; }
    public required Department Support { get; init; }
    public required ClosingReason Resolved { get; init; }
    public required Template Order { get; init; }
    public required AppUser Agent { get; init; }

    public static async Task<PushKit> CreateAsync(FlowAdminApp app, string tenantName = "Acme")
    {
        var tenant = await app.CreateTenantAsync(tenantName);
        var (whatsapp, waba, sales, support, resolved, order) = await app.WithTenantAsync(tenant.Id, async db =>
        {
            var sales = new Department { Name = "Vendas" };
            var support = new Department { Name = "Suporte" };
            var whatsapp = new Channel { Name = "Linha 1", Kind = ChannelKind.Whatsapp, Number = "5511900000001", Status = ChannelStatuses.Connected };
            var waba = new Channel { Name = "WABA", Kind = ChannelKind.Waba, Number = "5511900000002", Status = ChannelStatuses.Connected };
            var resolved = new ClosingReason { Name = "Resolvido" };
            db.AddRange(sales, support, whatsapp, waba, resolved);
            await db.SaveChangesAsync();
            const string body = "Olá {{1}}, seu pedido {{2}} foi enviado.";
            var order = new Template { ChannelId = waba.Id, Name = "pedido", Body = body, VariableCount = Template.CountVariables(body) };
            db.Add(order);
            await db.SaveChangesAsync();
            return (whatsapp, waba, sales, support, resolved, order);
        });
        var agent = await app.CreateUserAsync(tenant.Id, $"agent@{tenantName.ToLowerInvariant()}.test", Roles.Agent, sales.Id);
        return new PushKit { App = app, Tenant = tenant, Whatsapp = whatsapp, Waba = waba, Sales = sales, Support = support, Resolved = resolved, Order = order, Agent = agent };
    }

    /// <summary>Adds an API config through the service the page uses; returns its id and push URL.</summary>
    public async Task<(int Id, string Url)> AddConfigAsync(string name, int channelId, PostSendAction action = PostSendAction.KeepOpen, int? departmentId = null, int? userId = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(Tenant.Id);
        var service = scope.ServiceProvider.GetRequiredService<ApiConfigService>();
        var id = await service.CreateAsync(new ApiConfigForm { Name = name, ChannelId = channelId, Action = action, DepartmentId = departmentId, UserId = userId }, CancellationToken.None);
        return (id, await service.PushUrlAsync(id, App.BaseAddress.ToString(), CancellationToken.None));
    }

    public Task WithServiceAsync(Func<ApiConfigService, Task> work) => WithServiceAsync<ApiConfigService>(work);

    /// <summary>A tenant-scoped app service, as the settings screens use it.</summary>
    public async Task WithServiceAsync<TService>(Func<TService, Task> work) where TService : notnull
    {
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(Tenant.Id);
        await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static async Task<HttpResponseMessage> PostAsync(string url, string json, string? idempotencyKey = null, string contentType = "application/json")
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work) => App.WithTenantAsync(Tenant.Id, work);

    /// <summary>Polls until <paramref name="condition"/> holds (the worker is asynchronous by design).</summary>
    public async Task<T> EventuallyAsync<T>(Func<AppDbContext, Task<T>> read, Func<T, bool> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await DbAsync(read);
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met in {timeoutSeconds}s; last value: {value}");
            await Task.Delay(100);
        }
    }

    public Task<List<PushRequest>> AllPushesDoneAsync(int expected, int timeoutSeconds = 30) =>
        EventuallyAsync(db => db.PushRequests.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            list => list.Count == expected && list.All(p => p.Status is PushStatus.Done or PushStatus.Failed), timeoutSeconds);
}
