using System.Net;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Setup;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Foundation;

public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_option_creates_a_usable_tenant_and_its_logins_work()
    {
        await using var app = new FlowAdminApp(settings: new Dictionary<string, string?> { ["FlowAdmin:Demo"] = "true" });
        var admin = await app.SignInAsync(DemoSeeder.AdminEmail, DemoSeeder.Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("")).StatusCode);
        await app.SignInAsync(DemoSeeder.AgentEmail, DemoSeeder.Password);

        var tenantId = await app.WithTenantAsync(0, db => db.Tenants.Where(t => t.Name == DemoSeeder.TenantName).Select(t => t.Id).SingleAsync());
        var counts = await app.WithTenantAsync(tenantId, async db => new
        {
            Channels = await db.Channels.CountAsync(),
            Departments = await db.Departments.CountAsync(),
            Reasons = await db.ClosingReasons.CountAsync(),
            Templates = await db.Templates.Where(t => t.VariableCount > 0).CountAsync(),
            Users = await db.TenantUsers.CountAsync(),
        });
        Assert.Equal(new { Channels = 2, Departments = 3, Reasons = 3, Templates = 2, Users = 2 }, counts);
    }
}
