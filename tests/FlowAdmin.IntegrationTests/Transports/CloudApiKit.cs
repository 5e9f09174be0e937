using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.IntegrationTests.Push;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Transports;

/// <summary>The push kit plus a Cloud API waba channel pointing at the fake Graph server, with a template and an API config.</summary>
public sealed class CloudApiKit
{
    public const string PhoneNumberId = "109876543210987";
    public const string AccessToken = "EAAGtest-access-token-0123456789";

    /// <summary>Local receivers, a small size limit and a short time-out, so each failure is quick to provoke.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["FlowAdmin:Outbound:AllowPrivateTargets"] = "true",
        ["FlowAdmin:Media:MaxBytes"] = (1024 * 1024).ToString(),
        ["FlowAdmin:Media:TimeoutSeconds"] = "1",
        ["FlowAdmin:Push:Sandbox:AckDelayMs"] = "100",
    };

    public required PushKit Push { get; init; }
    public required int ChannelId { get; init; }
    public required Template Template { get; init; }
    public required string Url { get; init; }

    public static async Task<CloudApiKit> CreateAsync(FlowAdminApp app, FakeServer graph)
    {
        var push = await PushKit.CreateAsync(app);
        int channelId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(push.Tenant.Id);
            // Through the service the Canais dialog uses: the token is stored encrypted.
            var row = await scope.ServiceProvider.GetRequiredService<ChannelService>().CreateAsync(new ChannelInput
            {
                Name = "WABA Cloud", Kind = ChannelKind.Waba, Transport = ChannelTransport.CloudApi, Number = "5511900000009",
                Status = ChannelStatuses.Connected, CloudApiBaseUrl = graph.BaseUrl, CloudApiPhoneNumberId = PhoneNumberId,
                CloudApiAccessToken = AccessToken,
            }, CancellationToken.None);
            channelId = row.Id;
        }
        var template = await push.DbAsync(async db =>
        {
            const string body = "Olá {{1}}, seu pedido {{2}} foi enviado.";
            var t = new Template { ChannelId = channelId, Name = "pedido_enviado", Language = "pt_BR", Body = body, VariableCount = Template.CountVariables(body) };
            db.Add(t);
            await db.SaveChangesAsync();
            return t;
        });
        var (_, url) = await push.AddConfigAsync("ERP Cloud", channelId);
        return new CloudApiKit { Push = push, ChannelId = channelId, Template = template, Url = url };
    }
}
