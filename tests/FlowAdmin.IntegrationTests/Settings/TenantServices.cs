using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Settings;

internal static class TenantServices
{
    /// <summary>Runs <paramref name="work"/> with a feature service of the real app, in a scope working for one tenant.</summary>
    public static async Task<T> AsTenantAsync<TService, T>(this FlowAdminApp app, int tenantId, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static Task AsTenantAsync<TService>(this FlowAdminApp app, int tenantId, Func<TService, Task> work) where TService : notnull =>
        app.AsTenantAsync<TService, bool>(tenantId, async s => { await work(s); return true; });
}
